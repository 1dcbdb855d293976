/**
 * The corio part of the browser example, apart from the page so it reads on its own:
 * fetch every URL at once in a TaskGroup, all under one timeout. A failed fetch cancels
 * its siblings (the group's rule); cancelling the task running this cancels them all, and
 * `call((signal) => fetch(url, { signal }))` turns each cancellation into an aborted request.
 * @module
 */
import { call, withTaskGroup, withTimeout, type Coro } from "corio";

/** Fetches `url` and returns its body text; cancelling the task aborts the request. */
export function* fetchText(url: string): Coro<string> {
  const response = yield* call((signal) => fetch(url, { signal }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return yield* call(response.text());
}

/**
 * Fetches all `urls` concurrently within `timeoutMs` (else TimeoutError); calls
 * `onResult` as each one arrives, and returns the bodies in the order of `urls`.
 */
export function* fetchAll(urls: readonly string[], timeoutMs: number, onResult: (url: string, body: string) => void): Coro<string[]> {
  const tasks = yield* withTimeout(timeoutMs, function* () {
    return yield* withTaskGroup(function* (tg) {
      return urls.map((url) =>
        tg.createTask(function* () {
          const body = yield* fetchText(url);
          onResult(url, body);
          return body;
        }),
      );
    });
  });
  // The group returned only once every task was done: each result is there.
  return tasks.map((t) => t.result());
}
