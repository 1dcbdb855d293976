/**
 * Article 3.5.9 §5 "Event": nine page downloads and one batch update; the update waits on
 * an Event that the first finished download sets.
 */
import { pathToFileURL } from "node:url";
import { createTask, Event, gather, run, sleep, type Coro, type Task } from "corio";
import { elapsed, now, repr } from "./support.js";

let event = new Event();
const htmlDict = new Map<string, string>();

function* updates(): Coro<string> {
  yield* event.wait();
  // store htmlDict in the database (left out)
  return "html_dict >> DB done";
}

function* getHtml(url: string): Coro<string> {
  yield* sleep(2000); // a simulated request
  htmlDict.set(url, `<h1>${url}</h1>`);
  event.set(); // a plain method, no yield*
  return `${url} done`;
}

export function* main(): Coro<void> {
  event = new Event();
  htmlDict.clear();
  const start = now();
  const tasks: Task<string>[] = [];
  for (let i = 1; i < 10; i++) tasks.push(createTask(getHtml(`www.baidu.com/s?wd=${i}`)));
  tasks.push(createTask(updates()));
  const result = yield* gather(tasks);
  console.log(repr(result));
  console.log(elapsed(start));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
