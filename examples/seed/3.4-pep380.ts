/**
 * 3.4 协程引入 · PEP 380(含分析) — what `RESULT = yield from EXPR` does, written out by hand:
 * the article's expansion of PEP 380 as a runnable JavaScript generator, `yieldFrom(sub)`,
 * and a demonstration that it behaves exactly like `yield* sub` — same values out, same
 * values in, same exceptions, same cleanup — when driven by the same calls.
 *
 * Python → JavaScript: `next(_i)` / `_i.send(_s)` → `_i.next(_s)`; `_i.throw(e)` →
 * `_i.throw(e)`; `close()`/GeneratorExit → `return()`; `StopIteration.value` →
 * `{ done: true, value }`.
 *
 * One thing the hand-written loop cannot copy: a generator has no way to read the value a
 * caller passes to `return(v)`. So `return(v)` is forwarded as `_i.return()` (PEP 380's
 * `close()` carries no value either) and the caller's `v` goes on as the outer result —
 * the same outcome as `yield*` unless the sub-generator's `finally` overrides the return.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

/** RESULT = yield from EXPR, by hand (PEP 380's expansion, the complete version). */
export function* yieldFrom<Y, R, S>(EXPR: Iterable<Y> | Iterator<Y, R, S>): Generator<Y, R, S> {
  // _i:子生成器 — EXPR是一个可迭代对象
  const _i: Iterator<Y, R, S> =
    Symbol.iterator in EXPR ? ((EXPR as Iterable<Y>)[Symbol.iterator]() as Iterator<Y, R, S>) : EXPR;
  // 第一次不能send值,只能next(),并把产生的值放到_y中
  let _y = _i.next();
  // 如果子生成器直接就return了, done is true and value is the return value
  while (!_y.done) {
    let _s: S;
    let completion: "normal" | "throw" | "return" = "return";
    try {
      // 子生成器已经和调用方建立了双向通道,在等待调用方send(value)
      _s = yield _y.value;
      completion = "normal";
    } catch (_e) {
      // 生成器throw()异常的处理: forward it to the sub-generator
      completion = "throw";
      if (typeof _i.throw !== "function") throw _e; // 只是一个迭代器, not a generator
      _y = _i.throw(_e); // it may catch it and yield again, return, or let it propagate
      continue;
    } finally {
      if (completion === "return") {
        // 生成器close()的处理: the caller called return() on us; close the sub-generator
        const _m = _i.return?.();
        if (_m !== undefined && !_m.done) { _y = _m; continue; } // its finally yielded: keep delegating
        // otherwise the caller's return completes us, as after a GeneratorExit
      }
    }
    // 如果send(None),那么继续next遍历,否则转发到子生成器
    _y = _s === undefined ? _i.next() : _i.next(_s);
  }
  return _y.value; // RESULT = _r: yield from 最终的返回值
}

type Step = ["next"] | ["send", string] | ["throw", string] | ["return", string];

/** A sub-generator that uses every part of the protocol, logging what it sees. */
function* sub(log: string[]): Generator<string, string, string | undefined> {
  try {
    const a = yield "y1";
    log.push(`  sub: received ${String(a)}`);
    try {
      yield "y2";
    } catch (e) {
      log.push(`  sub: caught ${(e as Error).message}`);
      const c = yield "y3";
      log.push(`  sub: received ${String(c)}`);
    }
    const d = yield "y4";
    return `result(${String(d)})`;
  } finally {
    log.push("  sub: finally");
  }
}

/** Drives `gen` through `steps`, logging each call and what came back. */
function drive(gen: Generator<string, string, string | undefined>, steps: Step[], log: string[]): void {
  for (const step of steps) {
    try {
      const r =
        step[0] === "next" ? gen.next()
        : step[0] === "send" ? gen.next(step[1])
        : step[0] === "throw" ? gen.throw(new Error(step[1]))
        : gen.return(step[1]);
      log.push(`${step.join(" ")} → ${r.done ? `done, value=${r.value}` : `yield ${r.value}`}`);
    } catch (e) {
      log.push(`${step.join(" ")} → raised ${(e as Error).message}`);
    }
  }
}

export const scenarios: { title: string; steps: Step[] }[] = [
  { title: "send / throw (caught) / return value", steps: [["next"], ["send", "A"], ["throw", "E"], ["send", "C"], ["send", "D"]] },
  { title: "close (return) while suspended", steps: [["next"], ["send", "A"], ["return", "bye"], ["next"]] },
  { title: "throw not caught by the sub-generator", steps: [["next"], ["throw", "boom"], ["next"]] },
];

export function* main() {
  for (const { title, steps } of scenarios) {
    const viaYieldStar: string[] = [];
    drive((function* () { return yield* sub(viaYieldStar); })(), steps, viaYieldStar);
    const viaHand: string[] = [];
    drive(yieldFrom(sub(viaHand)), steps, viaHand);
    console.log(`# ${title}`);
    for (const line of viaYieldStar) console.log(line);
    console.log(`手写的委托循环与 yield* 完全一致: ${viaHand.join("\n") === viaYieldStar.join("\n")}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
