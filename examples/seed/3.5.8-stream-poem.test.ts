import { expect, it } from "vitest";
import { run } from "corio";
import { main } from "./3.5.8-stream-poem.js";
import { captureLog } from "./support.js";

it("3.5.8 stream server and client: each side prints the other's poem", async () => {
  const { lines, error } = await captureLog(() => run(main, { handleSignals: false }));
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    "人生若只如初见,何事秋风悲画扇", // printed by the server
    "等闲变却故人心,却道故人心易变",
    "骊山语罢清宵半,泪雨霖铃终不怨", // printed by the client
    "何如薄幸锦衣郎,比翼连枝当日愿",
  ]);
});
