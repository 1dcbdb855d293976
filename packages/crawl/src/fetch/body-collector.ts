/**
 * A response body gathered chunk by chunk, under the `--max-body` limit. When the
 * response declares its length, the chunks are copied into one buffer of that size as
 * they arrive: collecting them and concatenating at the end held a large page twice
 * (16 MB at the end of an 8 MB page). Without a declared length, or if more bytes arrive
 * than were declared, the chunks are kept and concatenated once.
 *
 * @example
 * ```ts
 * const body = new BodyCollector(1024, 16 << 20);
 * for await (const chunk of res.body) if (!body.push(chunk)) throw new Error("too large");
 * const bytes = body.finish();
 * ```
 */
export class BodyCollector {
  private readonly into: Buffer | null;
  private chunks: Buffer[] | null;
  private size = 0;

  /** `declared`: the Content-Length, or NaN when there is none. */
  constructor(
    private readonly declared: number,
    private readonly maxBytes: number,
  ) {
    const known = Number.isSafeInteger(declared) && declared > 0 && declared <= maxBytes;
    this.into = known ? Buffer.allocUnsafe(declared) : null;
    this.chunks = known ? null : [];
  }

  /** Bytes gathered so far. */
  get length(): number {
    return this.size;
  }

  /** Add a chunk; `false` (and nothing added) when it would pass the limit. */
  push(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.maxBytes) return false;
    if (this.chunks === null && this.size + chunk.length <= this.declared) chunk.copy(this.into!, this.size);
    else (this.chunks ??= [this.into!.subarray(0, this.size)]).push(chunk);
    this.size += chunk.length;
    return true;
  }

  /** The body: every byte pushed, in order. */
  finish(): Buffer {
    if (this.chunks !== null) return Buffer.concat(this.chunks, this.size);
    return this.size === this.declared ? this.into! : this.into!.subarray(0, this.size);
  }
}
