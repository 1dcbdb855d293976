import type { Params, Result } from "../../workloads/queue.js";
import { FloorChannel } from "../../util/floor-channel.js";

export default async function floor(p: Params): Promise<Result> {
  const ch = new FloorChannel<number>(p.maxsize);
  const producer = (async () => {
    for (let i = 0; i < p.items; i++) await ch.put(i);
  })();
  const r: Result = { count: 0, sum: 0, inOrder: true };
  for (let k = 0; k < p.items; k++) {
    const v = await ch.get();
    if (v !== k) r.inOrder = false;
    r.sum += v;
    r.count++;
  }
  await producer;
  return r;
}
