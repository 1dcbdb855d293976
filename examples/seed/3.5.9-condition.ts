/**
 * Article 3.5.9 §6 "Condition": two producers and five consumers share a list under one
 * Condition. Producers append and notifyAll; consumers wait (with waitFor) until the list
 * has something, then pop from it. The article's consumers loop forever; here main stops
 * them once the producers are done and the list is empty.
 */
import { pathToFileURL } from "node:url";
import { Condition, createTask, gather, run, sleep, type Coro } from "corio";
import { repr } from "./support.js";

let cond = new Condition();
const pList: string[] = [];

function* producer(n: number): Coro<void> {
  for (let i = 0; i < 5; i++) {
    yield* cond.with(function* () {
      pList.push(`${n}-${i}`);
      console.log(`[生产者${n}]生产商品${n}-${i}`);
      cond.notifyAll(); // wake every consumer (cond.notify() would wake one)
    });
    yield* sleep(10); // some work
  }
}

function* consumer(i: number): Coro<void> {
  for (;;) {
    yield* cond.with(function* () {
      yield* cond.waitFor(() => pList.length > 0);
      console.log(`列表商品:${repr(pList)}`);
      const name = pList.pop();
      console.log(`[消费者${i}]消费商品${name}`);
      console.log(`列表剩余:${repr(pList)}`);
      yield* sleep(10); // some work, holding the lock as in the article
    });
  }
}

export function* main(): Coro<void> {
  cond = new Condition();
  pList.length = 0;
  const pTasks = [0, 1].map((n) => createTask(producer(n)));
  const cTasks = [0, 1, 2, 3, 4].map((i) => createTask(consumer(i)));
  yield* gather(pTasks);
  yield* cond.with(function* () { yield* cond.waitFor(() => pList.length === 0); });
  for (const t of cTasks) t.cancel();
  yield* gather(cTasks, { returnExceptions: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
