/**
 * JSON Lines output: one record per line, UTF-8, `\n` terminated. `JSON.stringify` never
 * emits a raw newline (it escapes them inside strings), so a line is always one record.
 * @module
 */
import { AtomicFile } from "./atomic-file.js";

/** A site-mode record (DESIGN §6). */
export interface PageRecord {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  depth: number;
  title: string | null;
  fields: Record<string, string | string[] | null>;
  /** ISO 8601 time the response arrived. */
  fetchedAt: string;
  /** Body size in bytes, after content decoding. */
  bytes: number;
  replacementChars: number;
}

/**
 * One record as a JSONL line.
 *
 * @example
 * ```ts
 * toJsonLine({ a: 1 }); // '{"a":1}\n'
 * ```
 */
export function toJsonLine(record: unknown): string {
  const json = JSON.stringify(record);
  if (json === undefined) throw new TypeError(`cannot write ${typeof record} as a JSON line`);
  return `${json}\n`;
}

/**
 * Parse JSONL text; blank lines are skipped, a bad line throws with its line number.
 *
 * @example
 * ```ts
 * parseJsonl('{"a":1}\n{"a":2}\n'); // [{ a: 1 }, { a: 2 }]
 * ```
 */
export function parseJsonl<T = unknown>(text: string): T[] {
  const records: T[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (e) {
      throw new SyntaxError(`line ${i + 1}: ${(e as Error).message}`, { cause: e });
    }
  });
  return records;
}

/**
 * Writes records to a JSONL file that appears atomically on {@link JsonlWriter.commit}.
 * Records are batched into large writes, since pages arrive one at a time.
 *
 * @example
 * ```ts
 * const out = await JsonlWriter.open("out/pages.jsonl");
 * await out.write(record);
 * await out.commit();
 * ```
 */
export class JsonlWriter<T = PageRecord> {
  private buffer = "";
  private count = 0;

  private constructor(private readonly file: AtomicFile) {}

  static async open<T = PageRecord>(path: string): Promise<JsonlWriter<T>> {
    return new JsonlWriter<T>(await AtomicFile.open(path));
  }

  /** Records written so far. */
  get written(): number {
    return this.count;
  }

  async write(record: T): Promise<void> {
    this.buffer += toJsonLine(record);
    this.count++;
    if (this.buffer.length >= 64 * 1024) await this.flush();
  }

  /** Flush and move the file into place. */
  async commit(): Promise<void> {
    await this.flush();
    await this.file.commit();
  }

  /** Discard everything; the previous file (if any) stays. */
  async abort(): Promise<void> {
    this.buffer = "";
    await this.file.abort();
  }

  private async flush(): Promise<void> {
    if (this.buffer === "") return;
    const chunk = this.buffer;
    this.buffer = "";
    await this.file.write(chunk);
  }
}
