/**
 * StreamReader: a byte buffer in front of a Node readable (socket, child pipe) with the
 * asyncio reading API — `read(n)`, `readline()`, `readexactly(n)`, `readuntil(sep)`.
 *
 * The buffer is a list of the chunks Node delivered, so `read(n)` of a whole chunk hands
 * it out without copying (a 100 MB transfer copies each byte at most once);
 * `readuntil` merges the chunks it must search into one. Backpressure is one predicate:
 * when more than `limit` bytes are buffered the source is paused, and it is resumed once
 * a read brings the buffer back to `limit` or below — or whenever a reader must wait for
 * more data (a `readexactly(n)` with `n > limit` still completes). asyncio pauses at
 * `2 * limit`; pausing at `limit` keeps the bound the user chose.
 *
 * One reader at a time: a second coroutine that starts waiting while another waits gets
 * `RuntimeError` (asyncio does the same). Cancelling a waiting read drops only that wait:
 * the bytes stay in the buffer for the next read.
 */
import { IncompleteReadError, InternalError, LimitOverrunError, RuntimeError } from "../errors.js";
import { OutsideFuture } from "../internal/outside-future.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";

/** The default buffer limit of readers: 64 KiB, as in asyncio. */
export const DEFAULT_LIMIT = 64 * 1024;

/** A separator for `readuntil`: bytes, or a string (encoded as UTF-8). */
export type Separator = Uint8Array | string;

/** What a reader pauses while its buffer is over the limit (a socket, a pipe). */
export interface ReadFlowControl {
  pauseReading(): void;
  resumeReading(): void;
}

/** Options of {@link StreamReader}. */
export interface StreamReaderOptions {
  /** Buffer limit in bytes (default 64 KiB): the source is paused above it, and `readuntil` gives up past it. */
  limit?: number;
  /** The loop whose tasks read (default: the running loop). */
  loop?: EventLoop;
}

const EMPTY: Buffer = Buffer.alloc(0);
const NEWLINE: Buffer = Buffer.from("\n");

/**
 * The reading end of a connection or pipe (asyncio's `StreamReader`). Every read returns
 * an awaitable: `yield*` it in a coroutine or `await` it. Bytes are Node `Buffer`s.
 *
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", port);
 * const header = yield* reader.readuntil("\r\n\r\n");
 * const body = yield* reader.readexactly(42);
 * for await (const line of reader) console.log(line.toString()); // async code
 */
export class StreamReader {
  /** The buffer limit in bytes. */
  readonly limit: number;
  // Invariant: size === sum of chunks[i].length, and every chunk is non-empty.
  private chunks: Buffer[] = [];
  private size = 0;
  private eof = false;
  private failed = false;
  private error: unknown = undefined;
  private waiter: OutsideFuture<void> | null = null;
  private flow: ReadFlowControl | null = null;
  // Invariant: paused ⇒ flow !== null and the source was told to pause.
  private paused = false;
  private readonly loop: EventLoop;
  /** @internal the most bytes ever buffered at once (for memory-bound tests). */
  _peakBuffered = 0;

  constructor(options: StreamReaderOptions = {}) {
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit <= 0) throw new RangeError(`StreamReader: limit must be a positive integer, got ${describe(limit)}`);
    this.limit = limit;
    this.loop = options.loop ?? getRunningLoop();
  }

  /** Bytes received and not read yet. */
  get buffered(): number {
    return this.size;
  }

  /** The error the stream failed with (`undefined` if none). */
  exception(): unknown {
    return this.error;
  }

  /**
   * True once end-of-stream was received and everything was read.
   * @example while (!reader.atEof()) handle(yield* reader.readline());
   */
  atEof(): boolean {
    return this.eof && this.size === 0;
  }

  /**
   * Reads up to `n` bytes (at least one unless at EOF; an empty buffer means EOF). With
   * `n < 0` (the default) reads until EOF and returns everything.
   * @example const chunk = yield* reader.read(2048);
   */
  read(n = -1): Awaitable<Buffer> {
    if (typeof n !== "number" || Number.isNaN(n)) throw new TypeError(`read(n): expected a number, got ${describe(n)}`);
    return lazy(() => this.readGen(n));
  }

  /**
   * Reads one line, `\n` included. At EOF returns what is left (possibly without `\n`,
   * empty at the very end). A line longer than the limit throws `LimitOverrunError`
   * and, as in asyncio, that line is dropped from the buffer.
   * @example const line = (yield* reader.readline()).toString("utf8");
   */
  readline(): Awaitable<Buffer> {
    return lazy(() => this.readlineGen());
  }

  /**
   * Reads exactly `n` bytes. EOF first → `IncompleteReadError` with `.partial` (what was
   * there, now removed from the buffer) and `.expected`.
   * @throws RangeError for a negative or fractional `n`.
   * @example const len = (yield* reader.readexactly(4)).readUInt32BE(0);
   */
  readexactly(n: number): Awaitable<Buffer> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`readexactly(n): expected a non-negative integer, got ${describe(n)}`);
    return lazy(() => this.readexactlyGen(n));
  }

  /**
   * Reads up to and including a separator; with several separators the match that ends
   * first wins. A separator not found within `limit` bytes → `LimitOverrunError` (the
   * data stays buffered); EOF first → `IncompleteReadError` (`.partial` is the rest).
   * @throws RangeError for an empty separator or an empty list.
   * @example const head = yield* reader.readuntil("\r\n\r\n");
   * @example const token = yield* reader.readuntil([",", ";"]);
   */
  readuntil(separator: Separator | readonly Separator[] = NEWLINE): Awaitable<Buffer> {
    const seps = normalizeSeparators(separator);
    return lazy(() => this.readuntilGen(seps));
  }

  /**
   * Lines until EOF, for `for await` in async code (in a coroutine loop on `readline()`).
   * @example for await (const line of reader) lines.push(line.toString());
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  /**
   * Appends bytes (copied) and wakes a waiting read. For readers you feed yourself.
   * @example const r = new StreamReader(); r.feedData(Buffer.from("hi\n")); r.feedEof();
   */
  feedData(data: Uint8Array | string): void {
    this._feed(typeof data === "string" ? Buffer.from(data) : Buffer.from(data));
  }

  /**
   * Marks end-of-stream: waiting reads return what is left.
   * @example reader.feedEof();
   */
  feedEof(): void {
    this.eof = true;
    this.wake();
  }

  /**
   * Fails the stream: the waiting read and every later read or drain throw `error`.
   * @example reader.setException(new Error("upstream died"));
   */
  setException(error: unknown): void {
    this.failed = true;
    this.error = error;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.reject(error);
    }
  }

  /**
   * Sets what is paused while the buffer is over the limit (called by the transports).
   * @example reader.setFlowControl({ pauseReading: () => sock.pause(), resumeReading: () => sock.resume() });
   */
  setFlowControl(flow: ReadFlowControl | null): void {
    this.flow = flow;
    this.paused = false;
  }

  /** @internal appends a chunk without copying (Node never reuses a chunk it emitted). */
  _feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this._peakBuffered) this._peakBuffered = this.size;
    this.wake();
    if (this.size > this.limit && this.flow !== null && !this.paused) {
      this.paused = true;
      this.flow.pauseReading();
    }
  }

  private wake(): void {
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.resolve(undefined);
    }
  }

  private *readGen(n: number): Coro<Buffer> {
    if (this.failed) throw this.error;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const parts: Buffer[] = [];
      let total = 0;
      for (;;) {
        if (this.size > 0) {
          total += this.size;
          parts.push(this.take(this.size));
        }
        if (this.eof) break;
        yield* this.waitForData("read");
      }
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    }
    if (this.size === 0 && !this.eof) yield* this.waitForData("read");
    return this.take(Math.min(n, this.size));
  }

  private *readexactlyGen(n: number): Coro<Buffer> {
    if (this.failed) throw this.error;
    if (n === 0) return EMPTY;
    while (this.size < n) {
      if (this.eof) throw new IncompleteReadError(this.take(this.size), n);
      yield* this.waitForData("readexactly");
    }
    return this.take(n);
  }

  private *readlineGen(): Coro<Buffer> {
    try {
      return yield* this.readuntilGen([NEWLINE]);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial as Buffer;
      if (e instanceof LimitOverrunError) {
        const buf = this.coalesce();
        this.take(buf[e.consumed] === 0x0a ? e.consumed + 1 : this.size);
      }
      throw e;
    }
  }

  private *readuntilGen(seps: readonly Buffer[]): Coro<Buffer> {
    let minLen = Infinity;
    let maxLen = 0;
    for (const s of seps) {
      minLen = Math.min(minLen, s.length);
      maxLen = Math.max(maxLen, s.length);
    }
    // `offset`: where a separator could still start; bytes before it were searched.
    let offset = 0;
    for (;;) {
      if (this.size - offset >= minLen) {
        const buf = this.coalesce();
        let matchStart = -1;
        let matchEnd = -1;
        for (const sep of seps) {
          const i = buf.indexOf(sep, offset);
          if (i !== -1 && (matchEnd === -1 || i + sep.length < matchEnd)) {
            matchStart = i;
            matchEnd = i + sep.length;
          }
        }
        if (matchEnd !== -1) {
          if (matchStart > this.limit) throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
          return this.take(matchEnd);
        }
        offset = Math.max(0, this.size + 1 - maxLen);
        if (offset > this.limit) throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
      }
      if (this.eof) throw new IncompleteReadError(this.take(this.size), null);
      yield* this.waitForData("readuntil");
    }
  }

  /** Parks the reading task until bytes, EOF or an error arrive. */
  private *waitForData(what: string): Coro<void> {
    if (this.failed) throw this.error;
    if (this.waiter !== null) {
      throw new RuntimeError(`${what}() called while another coroutine is already waiting for incoming data`);
    }
    if (this.eof) throw new InternalError(`${what}: waiting for data after EOF`);
    if (this.paused) {
      // The caller needs more than the limit (readexactly(n > limit), a long readuntil).
      this.paused = false;
      this.flow!.resumeReading();
    }
    const w = new OutsideFuture<void>(this.loop, null, "stream read");
    this.waiter = w;
    try {
      yield* w;
    } finally {
      if (this.waiter === w) this.waiter = null;
    }
  }

  /** Removes and returns the first `n` bytes (`n <= size`); resumes the source if it may. */
  private take(n: number): Buffer {
    if (n === 0) return EMPTY;
    const chunks = this.chunks;
    const first = chunks[0]!;
    let out: Buffer;
    if (first.length === n) {
      chunks.shift();
      out = first;
    } else if (first.length > n) {
      out = first.subarray(0, n);
      chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let off = 0;
      while (off < n) {
        const c = chunks[0]!;
        const k = Math.min(c.length, n - off);
        c.copy(out, off, 0, k);
        if (k === c.length) chunks.shift();
        else chunks[0] = c.subarray(k);
        off += k;
      }
    }
    this.size -= n;
    if (this.paused && this.size <= this.limit) {
      this.paused = false;
      this.flow!.resumeReading();
    }
    return out;
  }

  /** The whole buffer as one chunk (merging the list if needed). */
  private coalesce(): Buffer {
    const chunks = this.chunks;
    if (chunks.length === 0) return EMPTY;
    if (chunks.length > 1) this.chunks = [Buffer.concat(chunks, this.size)];
    return this.chunks[0]!;
  }
}

function normalizeSeparators(separator: Separator | readonly Separator[]): Buffer[] {
  const list = Array.isArray(separator) ? (separator as readonly Separator[]) : [separator as Separator];
  if (list.length === 0) throw new RangeError("readuntil: expected at least one separator, got an empty list");
  return list.map((s) => {
    if (typeof s !== "string" && !(s instanceof Uint8Array)) {
      throw new TypeError(`readuntil: a separator must be a string or a Uint8Array, got ${describe(s)}`);
    }
    const b = typeof s === "string" ? Buffer.from(s) : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    if (b.length === 0) throw new RangeError("readuntil: a separator must not be empty");
    return b;
  });
}
