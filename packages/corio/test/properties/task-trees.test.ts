/**
 * Property: random trees of tasks — plain children gathered, or children in a task group,
 * some inside timeout scopes, some failing, some with async cleanup — hit by random
 * cancels at random times. Whatever happens: every task ends, every `finally` runs
 * exactly once, and nothing is left pending once `run` returns.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTask, gather, getRunningLoop, run, sleep, VirtualClock, withTaskGroup, withTimeout, type EventLoop, type Task } from "corio";

interface NodeSpec {
  delay: number;
  children: NodeSpec[];
  group: boolean;
  timeout: number | null;
  fail: boolean;
  cleanup: number;
}

const nodeArb = (depth: number): fc.Arbitrary<NodeSpec> =>
  fc.record({
    delay: fc.integer({ min: 0, max: 40 }),
    children: depth > 0 ? fc.array(nodeArb(depth - 1), { maxLength: 3 }) : fc.constant([]),
    group: fc.boolean(),
    timeout: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    fail: fc.boolean(),
    cleanup: fc.integer({ min: 0, max: 10 }),
  });

const cancelsArb = fc.array(fc.record({ at: fc.integer({ min: 0, max: 80 }), target: fc.nat() }), { maxLength: 6 });

describe("random task trees with cancels and timeouts", () => {
  it("every task ends, every finally runs once, nothing is left pending", async () => {
    await fc.assert(
      fc.asyncProperty(nodeArb(3), cancelsArb, async (tree, cancels) => {
        const finallies = new Map<number, number>();
        const tasks: Task<unknown>[] = [];
        let nextId = 0;
        let loop: EventLoop | undefined;

        function* node(spec: NodeSpec): Generator<unknown, string, unknown> {
          const id = nextId++;
          try {
            const inner = function* (): Generator<unknown, string, unknown> {
              if (spec.group) {
                yield* withTaskGroup(function* (tg) {
                  for (const c of spec.children) tasks.push(tg.createTask(node(c)) as Task<unknown>);
                  yield* sleep(spec.delay);
                  if (spec.fail) throw new Error(`node ${id} failed`);
                });
              } else {
                const kids = spec.children.map((c) => createTask(node(c)));
                tasks.push(...(kids as Task<unknown>[]));
                yield* sleep(spec.delay);
                if (spec.fail) {
                  for (const k of kids) k.cancel();
                  yield* gather(kids, { returnExceptions: true });
                  throw new Error(`node ${id} failed`);
                }
                yield* gather(kids, { returnExceptions: true });
              }
              return `node ${id} ok`;
            };
            return spec.timeout === null ? yield* inner() : yield* withTimeout(spec.timeout, inner);
          } finally {
            finallies.set(id, (finallies.get(id) ?? 0) + 1);
            if (spec.cleanup > 0) yield* sleep(spec.cleanup);
          }
        }

        await run(
          function* () {
            loop = getRunningLoop();
            loop.setExceptionHandler(() => {}); // failures nobody retrieved are expected here
            const root = createTask(node(tree));
            tasks.push(root as Task<unknown>);
            for (const c of cancels) {
              loop.callLater(c.at, () => {
                const t = tasks[c.target % tasks.length];
                t?.cancel();
              });
            }
            try {
              yield* root;
            } catch {
              /* cancelled, timed out or failed: all fine */
            }
          },
          { clock: new VirtualClock(), handleSignals: false },
        );

        expect(nextId).toBeGreaterThan(0);
        for (let id = 0; id < nextId; id++) expect(finallies.get(id)).toBe(1);
        for (const t of tasks) expect(t.done()).toBe(true);
        expect(loop!._tasks.size).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
