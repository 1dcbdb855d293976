import { describe, expect, it } from "vitest";
// Relative imports, not "corio": WaiterList is internal, and the type check resolves
// "corio" to the built package, whose classes are different declarations from the source's.
import { EventLoop } from "../loop/event-loop.js";
import { VirtualClock } from "../loop/virtual-clock.js";
import { run } from "../task/run.js";
import { sleep } from "../task/sleep.js";
import { createTask, type Task } from "../task/task.js";
import { Semaphore } from "./semaphore.js";
import { WaiterList, type Parked } from "./waiters.js";

describe("WaiterList (intrusive FIFO of parked waiters)", () => {
  const loop = new EventLoop({ clock: new VirtualClock() });
  const park = (list: WaiterList, n: number): Parked<undefined>[] =>
    Array.from({ length: n }, () => list.park(loop));

  it("wakes oldest first; the woken stay listed until they leave; removal anywhere keeps order", () => {
    const list = new WaiterList();
    const [a, b, c, d, e] = park(list, 5) as [Parked<undefined>, ...Parked<undefined>[]];
    expect([list.length, list.pending, list.woken]).toEqual([5, 5, 0]);
    list._drop(c!); // a pending waiter in the middle gives up
    list._drop(e!); // and the tail
    expect([list.length, list.pending]).toEqual([3, 3]);
    expect(list.wakeNext()).toBe(true);
    expect([a.woken(), b!.woken(), d!.woken()]).toEqual([true, false, false]);
    expect([list.length, list.pending, list.woken]).toEqual([3, 2, 1]);
    list._drop(b!); // the oldest pending one leaves: the next wakeup goes to d
    expect(list.wakeNext()).toBe(true);
    expect(d!.woken()).toBe(true);
    expect(list.wakeNext()).toBe(false);
    list._drop(a);
    list._drop(a); // leaving twice is a no-op
    list._drop(d!);
    expect([list.length, list.pending, list.woken]).toEqual([0, 0, 0]);
    const [f] = park(list, 1); // the emptied list links again from scratch
    expect(list.wakeNext()).toBe(true);
    expect(f!.woken()).toBe(true);
  });

  it("shiftWake removes and wakes from the head", () => {
    const list = new WaiterList();
    const ws = park(list, 3);
    list._drop(ws[0]!);
    expect(list.shiftWake()).toBe(true);
    expect([ws[1]!.woken(), list._has(ws[1]!), list.length]).toEqual([true, false, 1]);
    list.shiftWakeAll();
    expect([ws[2]!.woken(), list.length, list.shiftWake()]).toEqual([true, 0, false]);
  });

  it("cancelling most of 20 000 queued semaphore waiters keeps the survivors' order", async () => {
    const order = await run(
      function* () {
        const sem = new Semaphore(0);
        const got: number[] = [];
        const tasks: Task<void>[] = [];
        for (let i = 0; i < 20_000; i++) {
          tasks.push(createTask(function* () {
            yield* sem.acquire();
            got.push(i);
          }));
        }
        yield* sleep(0);
        // Cancel all but every 1000th, newest first: each leaves from deep in the list (a
        // ring buffer searched from its head for each one, which made this quadratic).
        for (let i = tasks.length - 1; i >= 0; i--) if (i % 1000 !== 0) tasks[i]!.cancel();
        yield* sleep(0);
        for (let i = 0; i < 20; i++) sem.release();
        yield* sleep(0);
        yield* sleep(0);
        return got;
      },
      { clock: new VirtualClock() },
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, k) => k * 1000));
  });
});
