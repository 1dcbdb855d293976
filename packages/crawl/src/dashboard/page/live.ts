/**
 * Live mode: the page follows the crawl through Server-Sent Events (`/api/events`, at most
 * two a second) after one `GET /api/stats`, and its buttons POST `/api/pause`,
 * `/api/resume` and `/api/stop`. When the crawl says "finished" the page stops listening
 * and keeps the final numbers on screen.
 */
import type { StatsSnapshot } from "../stats-snapshot.js";
import { byId } from "./dom.js";
import { render } from "./render.js";

let phase: StatsSnapshot["phase"] = "starting";
let events: EventSource | null = null;

function notice(text: string | null, kind = ""): void {
  const n = byId("notice");
  n.hidden = text === null;
  n.className = `notice ${kind}`;
  if (text !== null) n.textContent = text;
}

function show(s: StatsSnapshot): void {
  phase = s.phase;
  render(s);
  const pause = byId<HTMLButtonElement>("pause");
  const stop = byId<HTMLButtonElement>("stop");
  pause.textContent = s.phase === "paused" ? "Resume" : "Pause";
  pause.disabled = s.phase === "stopping" || s.phase === "finished";
  stop.disabled = pause.disabled;
  if (s.phase === "stopping") stop.textContent = "Stopping…";
  if (s.phase === "finished") {
    events?.close();
    events = null;
    const state = s.summary?.state === "interrupted" ? "stopped (resume it to continue)" : "finished";
    notice(`The crawl ${state}: these are its final numbers.`, "finished");
  } else notice(null);
}

function onMessage(e: MessageEvent<string>): void {
  show(JSON.parse(e.data) as StatsSnapshot);
}

async function post(action: "pause" | "resume" | "stop"): Promise<void> {
  try {
    const r = await fetch(`api/${action}`, { method: "POST" });
    if (!r.ok) notice(`The crawl refused ${action}: HTTP ${r.status}.`);
  } catch {
    notice(`Could not reach the crawl to ${action} it: is it still running?`);
  }
}

/** Start following the crawl that served this page. */
export async function startLive(): Promise<void> {
  const pause = byId<HTMLButtonElement>("pause");
  const stop = byId<HTMLButtonElement>("stop");
  pause.addEventListener("click", () => {
    const action = phase === "paused" ? "resume" : "pause";
    // Say it at once; the next snapshot confirms it.
    pause.textContent = action === "pause" ? "Resume" : "Pause";
    phase = action === "pause" ? "paused" : "running";
    void post(action);
  });
  stop.addEventListener("click", () => {
    stop.disabled = true;
    stop.textContent = "Stopping…";
    void post("stop");
  });
  events = new EventSource("api/events");
  events.addEventListener("message", onMessage);
  events.addEventListener("stats", onMessage as EventListener);
  events.addEventListener("error", () => {
    if (phase !== "finished") notice("Lost the connection to the crawl; retrying…");
  });
  try {
    const r = await fetch("api/stats");
    if (r.ok && phase === "starting") show((await r.json()) as StatsSnapshot);
  } catch {
    notice("Could not reach the crawl: is it still running?");
  }
}
