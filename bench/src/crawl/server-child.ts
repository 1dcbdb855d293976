/**
 * The fixture site in its own process (so its CPU is not charged to the crawler's event
 * loop): argv[2] = `{ "scenario": id, "chapters": n }`. Sends `{ kind: "ready", indexUrl }`,
 * and on the message "close" sends `{ kind: "stats", requests }` and exits.
 */
import { startFixtureSite } from "../../../packages/crawl/test/fixture-site/index.js";
import { SCENARIOS, siteOptions } from "./scenarios.js";
import type { ServerReady, ServerStats } from "./protocol.js";

const { scenario, chapters } = JSON.parse(process.argv[2]!) as { scenario: string; chapters: number };
const s = SCENARIOS.find((x) => x.id === scenario);
if (s === undefined) throw new Error(`unknown scenario ${scenario}`);
const site = await startFixtureSite(siteOptions(s, chapters));
process.on("disconnect", () => process.exit(1));
process.on("message", (m) => {
  if (m !== "close") return;
  const u = process.resourceUsage();
  const stats: ServerStats = { kind: "stats", requests: site.requests.length, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 };
  void site.close().finally(() => process.send!(stats, () => process.exit(0)));
});
const u = process.resourceUsage();
process.send!({ kind: "ready", indexUrl: site.indexUrl, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 } satisfies ServerReady);
