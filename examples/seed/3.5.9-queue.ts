/**
 * Article 3.5.9 §7 "Queue": two producers and five consumers over a Queue(10). Producers
 * put random numbers and sleep that many seconds; consumers take whatever comes. The
 * article's consumers run forever; here they mark items done and main stops them after
 * `join()`. (As in the article, the producer prints its loop index, not its id.)
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, Queue, run, sleep, type Coro } from "corio";
import { elapsed, now, seededRandom } from "./support.js";

let random = seededRandom(2024);

function* producer(q: Queue<number>, _id: number): Coro<void> {
  for (let i = 0; i < 5; i++) {
    const num = random();
    yield* q.put(num);
    console.log(`[生产者${i}]商品${num}出厂了`);
    yield* sleep(num * 1000);
  }
}

function* consumer(q: Queue<number>, i: number): Coro<void> {
  for (;;) {
    const data = yield* q.get();
    console.log(`[消费者${i}]商品${data}抢光了`);
    q.taskDone();
  }
}

export function* main(): Coro<void> {
  random = seededRandom(2024);
  const start = now();
  const queue = new Queue<number>(10); // bounded, for the demonstration
  const pTasks = [0, 1].map((i) => createTask(producer(queue, i)));
  const cTasks = [0, 1, 2, 3, 4].map((i) => createTask(consumer(queue, i)));
  yield* gather(pTasks);
  yield* queue.join();
  for (const t of cTasks) t.cancel();
  yield* gather(cTasks, { returnExceptions: true });
  console.log(elapsed(start));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
