/**
 * 3.1 知识回顾 · 3.生成器 — the Generator ABC the article reads: `send(value)`,
 * `throw(exc)`, `close()` and the return value, in JavaScript terms:
 *
 * | Python            | JavaScript                                                |
 * |-------------------|-----------------------------------------------------------|
 * | `next(g)`         | `g.next()`                                                |
 * | `g.send(v)`       | `g.next(v)`                                               |
 * | `g.throw(e)`      | `g.throw(e)`                                              |
 * | `g.close()`       | `g.return(v)` (runs `finally`; no GeneratorExit)          |
 * | `StopIteration.value` | `{ done: true, value }`                               |
 *
 * One difference the article warns about: Python refuses `send(non-None)` to a
 * just-started generator (`TypeError: can't send non-None value to a just-started
 * generator`); JavaScript silently drops the value of the first `next(v)`.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

/** A running average: send numbers in, get the average back; send nothing to finish. */
export function* averager(): Generator<number, string, number | undefined> {
  let total = 0;
  let count = 0;
  try {
    while (true) {
      let value: number | undefined;
      try {
        value = yield count === 0 ? 0 : total / count;
      } catch (e) {
        // g.throw(e) arrives here, at the paused yield
        console.log(`生成器内部捕获异常: ${(e as Error).message}`);
        continue;
      }
      if (value === undefined) return `平均值=${total / count}`; // the return value
      total += value;
      count += 1;
    }
  } finally {
    console.log("finally: 生成器结束");
  }
}

export function* main() {
  const g = averager();
  console.log(`next() → ${g.next().value}`); // 启动生成器 (next() or send(None))
  console.log(`send(10) → ${g.next(10).value}`);
  console.log(`send(20) → ${g.next(20).value}`);
  console.log(`throw(Error) → ${g.throw(new Error("坏数据")).value}`);
  console.log(`send(30) → ${g.next(30).value}`);
  const end = g.next(); // send(None): the generator returns
  console.log(`done=${end.done} 返回值: ${end.value}`);

  const g2 = averager();
  g2.next();
  const closed = g2.return("closed"); // close(): finally runs, the generator is finished
  console.log(`close → done=${closed.done} value=${closed.value}`);
  console.log(`close 之后 next() → done=${g2.next().done}`);

  const g3 = averager();
  // Python would raise TypeError here; JavaScript drops the first value
  console.log(`刚启动就 send(99) → ${g3.next(99).value}`);
  g3.return("closed");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
