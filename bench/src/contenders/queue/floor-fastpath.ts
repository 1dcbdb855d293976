import type { Params, Result } from "../../workloads/queue.js";
import { FloorChannel } from "../../util/floor-channel.js";

/** The floor, but awaiting only when the channel really has to wait (no microtask per item). */
export default async function floorFastpath(p: Params): Promise<Result> {
  const ch = new FloorChannel<number>(p.maxsize);
  const producer = (async () => {
    for (let i = 0; i < p.items; i++) {
      const wait = ch.put(i);
      if (wait) await wait;
    }
  })();
  const r: Result = { count: 0, sum: 0, inOrder: true };
  for (let k = 0; k < p.items; k++) {
    let v = ch.get();
    if (typeof v !== "number") v = await v;
    if (v !== k) r.inOrder = false;
    r.sum += v;
    r.count++;
  }
  await producer;
  return r;
}
