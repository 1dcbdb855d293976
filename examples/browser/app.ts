/// <reference lib="dom" />
/**
 * The page's script (index.html): Start runs {@link fetchAll} as a corio task, Cancel
 * cancels that task. Settings come from the query string so the test can pick them:
 * `?n=4&delay=200&timeout=3000` (items, server delay in ms, timeout in ms).
 * @module
 */
import { createTask, isCancelled, TimeoutError, type Task } from "corio";
import { fetchAll } from "./fetch-all.js";

const params = new URLSearchParams(location.search);
const n = Number(params.get("n") ?? "4");
const delay = Number(params.get("delay") ?? "300");
const timeoutMs = Number(params.get("timeout") ?? "3000");

const start = document.getElementById("start") as HTMLButtonElement;
const cancel = document.getElementById("cancel") as HTMLButtonElement;
const status = document.getElementById("status") as HTMLElement;
const results = document.getElementById("results") as HTMLElement;

let running: Task<string[]> | null = null;

start.addEventListener("click", () => {
  results.textContent = "";
  status.textContent = "running";
  start.disabled = true;
  cancel.disabled = false;
  const urls = Array.from({ length: n }, (_, i) => `/api/item/${i + 1}?delay=${delay}`);
  // A task from plain code: corio's default loop runs it, between the page's own events.
  running = createTask(fetchAll(urls, timeoutMs, (url, body) => {
    const li = document.createElement("li");
    li.textContent = `${url.split("?")[0]}: ${body}`;
    results.append(li);
  }));
  running.then(
    (bodies) => finish(`done: ${bodies.length} items`),
    (e: unknown) => finish(e instanceof TimeoutError ? `timed out after ${timeoutMs} ms` : isCancelled(e) ? "cancelled" : `failed: ${String(e)}`),
  );
});

cancel.addEventListener("click", () => {
  running?.cancel("Cancel button");
});

function finish(text: string): void {
  status.textContent = text;
  start.disabled = false;
  cancel.disabled = true;
  running = null;
}
