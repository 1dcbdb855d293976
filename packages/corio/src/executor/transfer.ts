/**
 * `transfer(value, buffers)`: an executor argument whose buffers MOVE to the worker
 * instead of being copied (postMessage's transfer list). A 5 MB page body copied into a
 * worker costs a 5 MB memcpy on the loop and two live copies until the parent's is
 * collected; transferred, it costs nothing and the parent's view becomes empty (detached).
 * @module
 */

/** An argument marked for transfer (see {@link transfer}). */
export class Transfer<T = unknown> {
  /** @internal */
  constructor(
    readonly value: T,
    readonly buffers: readonly ArrayBuffer[],
  ) {}
}

/**
 * Marks an executor argument so that `buffers` are transferred to the worker, not cloned:
 * after the submit, they are detached here (length 0). The worker receives `value` as is.
 *
 * @example
 * const body = new Uint8Array(await res.arrayBuffer());
 * const n = yield* pool.submit<number>(new URL("./count.mjs", import.meta.url), "countLines", transfer(body, [body.buffer]));
 * body.length; // 0: the bytes now belong to the worker
 */
export function transfer<T>(value: T, buffers: readonly ArrayBuffer[]): Transfer<T> {
  for (const b of buffers) {
    if (!(b instanceof ArrayBuffer)) throw new TypeError(`transfer(): expected ArrayBuffers to transfer, got ${Object.prototype.toString.call(b)}`);
  }
  return new Transfer(value, buffers);
}

/** The plain arguments and the transfer list of a job's arguments. @internal */
export function unwrapTransfers(args: readonly unknown[]): { args: unknown[]; transferList: ArrayBuffer[] } {
  const transferList: ArrayBuffer[] = [];
  const plain = args.map((a) => {
    if (!(a instanceof Transfer)) return a;
    for (const b of a.buffers) if (!transferList.includes(b)) transferList.push(b);
    return a.value;
  });
  return { args: plain, transferList };
}
