/** What every workload file exports: sizes, how to count operations, how to check a result. */
/**
 * `floor`: plain async/await yielding a loop turn (every ratio's "× floor");
 * `floor-microtask`: the same program yielding a microtask (`await null`), the cheapest
 * yield JavaScript has but one in which I/O never runs ("× µfloor"); `ref`: informative.
 */
export type Role = "floor" | "floor-microtask" | "corio" | "peer" | "ref";

export interface ContenderSpec {
  /** File name under contenders/<workload>/ (without .ts). */
  name: string;
  role: Role;
  /** npm package whose version is shown next to the name (if any). */
  pkg?: string;
  /** One line: how this contender expresses the workload. */
  note: string;
}

export interface Workload<P, R> {
  id: string;
  /** One line naming the sizes, e.g. "spawn 100 000 tasks …". */
  title(p: P): string;
  issue: number;
  /** Parameters for a full run, for `--quick`, and for the untimed warm-up run in each child. */
  params: { full: P; quick: P; warmup: P };
  /** Operations counted for ops/s. */
  ops(p: P): number;
  /** Returns null when the result proves the work was done, else what is wrong. */
  verify(p: P, r: R): string | null;
  contenders: ContenderSpec[];
}

/** A contender module's default export. */
export type Contender<P, R> = (p: P) => Promise<R>;

/** Sum 0 + 1 + … + (n - 1), exact below 2^53. */
export const triangular = (n: number): number => (n * (n - 1)) / 2;

/** 100000 → "100 000" (the issue's way of writing sizes). */
export const n = (x: number): string => x.toLocaleString("en-US").replace(/,/g, " ");
