/**
 * 3.1 知识回顾 · 2.迭代器 — In [11] the plain Fibonacci loop, In [12] the same as an
 * iterator class (`FibonaIterator`): `next()` returns `{ done: true }` where Python raises
 * `StopIteration` (the for-loop's end condition).
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

/** In [11]: 获取n个斐波拉契数列 */
export function fibona(n: number): void {
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
    console.log(a);
  }
}

/** In [12]: 改造成迭代器 */
export class FibonaIterator implements IterableIterator<number> {
  #a = 0;
  #b = 1;
  #index = 0; // 当前索引
  constructor(private readonly n: number) {} // 获取多少个

  next(): IteratorResult<number> {
    if (this.#index < this.n) {
      this.#index += 1;
      // 生成下一波
      [this.#a, this.#b] = [this.#b, this.#a + this.#b];
      return { done: false, value: this.#a };
    }
    return { done: true, value: undefined }; // for循环结束条件 (Python: raise StopIteration)
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "FibonaIterator";
  }
}

export function* main() {
  fibona(10);
  // print(FibonaIterator(10)) → <__main__.FibonaIterator object at 0x…>
  console.log(Object.prototype.toString.call(new FibonaIterator(10)));
  for (const i of new FibonaIterator(10)) console.log(i);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
