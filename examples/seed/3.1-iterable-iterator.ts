/**
 * 3.1 知识回顾 · 2.迭代器 — what makes a class iterable (Python: `__iter__`) and what makes
 * it an iterator (`__next__` + `__iter__` returning itself).
 *
 * JavaScript's protocols: an iterable has `[Symbol.iterator]()`, an iterator has `next()`.
 * `isinstance(x, Iterable)` / `isinstance(x, Iterator)` become the two checks below.
 * Booleans print the JavaScript way (`true`/`false` for Python's `True`/`False`).
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

/** `isinstance(x, Iterable)`: has `[Symbol.iterator]`. */
export function isIterable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as Iterable<unknown>)[Symbol.iterator] === "function";
}

/** `isinstance(x, Iterator)`: an iterable with `next()` (Python's Iterator ABC needs both). */
export function isIterator(x: unknown): boolean {
  return isIterable(x) && typeof (x as Iterator<unknown>).next === "function";
}

// In [3]: 定义一个Class
class MyArray0 {}

// In [7]: 如果Class里面含有 [Symbol.iterator] 方法就是可迭代的
class MyArray1 {
  [Symbol.iterator](): Iterator<unknown> {
    return { next: () => ({ done: true, value: undefined }) };
  }
}

// In [9]: 先搭个空架子 — an iterator class and an iterable returning it
class MyIterator implements IterableIterator<unknown> {
  next(): IteratorResult<unknown> {
    return { done: true, value: undefined };
  }
  [Symbol.iterator](): IterableIterator<unknown> {
    return this; // 返回一个迭代器(现在就是它自己了)
  }
}
class MyArray2 {
  [Symbol.iterator](): Iterator<unknown> {
    return new MyIterator(); // 返回一个迭代器
  }
}

export function* main() {
  // In [4], In [5]: 是否可迭代 / 是否是迭代器
  console.log(isIterable(new MyArray0()));
  console.log(isIterator(new MyArray0()));
  // In [7], In [8]: 可迭代, 但依然不是迭代器
  console.log(isIterable(new MyArray1()));
  console.log(isIterator(new MyArray1()));
  // In [9]: 可迭代 / 迭代器也是可迭代的 / 是迭代器
  console.log(isIterable(new MyArray2()));
  console.log(isIterable(new MyIterator()));
  console.log(isIterator(new MyIterator()));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
