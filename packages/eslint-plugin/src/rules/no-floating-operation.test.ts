import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";
import { noFloatingOperation } from "./no-floating-operation.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
// The first case builds the TypeScript program (seconds on a busy machine): allow for it.
const TIMEOUT = 120_000;
RuleTester.it = (name, fn) => it(name, fn, TIMEOUT);
RuleTester.itOnly = (name, fn) => it.only(name, fn, TIMEOUT);

// Each case is linted as test/fixtures/file.ts, in a program where "corio" is the real source.
const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      project: "./tsconfig.json",
      tsconfigRootDir: fileURLToPath(new URL("../../test/fixtures/", import.meta.url)),
    },
  },
});

const header = `import { createTask, gather, sleep, withTaskGroup, Future, Lock, Queue, type Coro } from "corio";
function* page(n: number) { yield* sleep(n); return n; }
`;
/** A test program: corio imports and a `page` coroutine, then `body`. */
const code = (body: string): string => header + body;

ruleTester.run("no-floating-operation", noFloatingOperation, {
  valid: [
    { name: "yield* on an operation", code: code("function* main() { yield* sleep(1); }") },
    { name: "await on an operation", code: code("async function main() { await sleep(1); }") },
    { name: "yield* on a coroutine", code: code("function* main() { const n = yield* page(1); }") },
    { name: "void is an explicit discard", code: code("function* main() { void sleep(1); void page(1); }") },
    { name: "assigned", code: code("function* main() { let s; s = sleep(1); const p = page(1); }") },
    { name: "returned", code: code("function main() { return sleep(1); }\nconst f = () => page(1);") },
    { name: "passed on", code: code("function* main() { yield* gather([sleep(1), page(2)]); }") },
    { name: "a task runs by itself", code: code("createTask(page(1));\nfunction* main() { createTask(page(2)); }") },
    {
      name: "a task group's createTask",
      code: code("function* main() { yield* withTaskGroup(function* (tg) { tg.createTask(page(1)); }); }"),
    },
    {
      name: "methods that do not return operations",
      code: code("function main(q: Queue<number>, l: Lock, f: Future<number>) { q.putNowait(1); l.release(); f.cancel(); }"),
    },
    { name: "a promise is not a corio operation", code: code("async function main() { Promise.resolve(1); }") },
    { name: "a thenable without an iterator", code: code("({ then(ok: () => void) { ok(); } });") },
    { name: "an iterator that is not a generator", code: code("[1, 2][Symbol.iterator]();\nfunction main(g: Generator) { g.next(); }") },
    { name: "an async generator is not a coroutine", code: code("async function* ticks() { yield 1; }\nticks();") },
    { name: "a value typed any is not known to be an operation", code: code("function* main(x: any) { x; x.put(1); }") },
    { name: "the condition of && is read", code: code("function* main(s: Future<number>) { s && console.log(1); }") },
  ],
  invalid: [
    {
      name: "sleep in a coroutine",
      code: code("function* main() { sleep(10); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main() { yield* sleep(10); }") }],
        },
      ],
    },
    {
      name: "sleep in an async function",
      code: code("async function main() { sleep(10); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addAwait", output: code("async function main() { await sleep(10); }") }],
        },
      ],
    },
    {
      name: "a coroutine that is never run",
      code: code("function* main() { page(2); }"),
      errors: [
        {
          messageId: "floatingCoroutine",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main() { yield* page(2); }") }],
        },
      ],
    },
    {
      name: "a coroutine in an async function: await would not run it, so no suggestion",
      code: code("async function main() { page(2); }"),
      errors: [{ messageId: "floatingCoroutine", suggestions: [] }],
    },
    {
      name: "a coroutine typed as Coro<T> by a plain function",
      code: code("function later(): Coro<number> { return page(1); }\nlater();"),
      errors: [{ messageId: "floatingCoroutine", suggestions: [] }],
    },
    {
      name: "outside generator and async functions: reported, no suggestion",
      code: code("function main(q: Queue<number>) { q.put(1); }"),
      errors: [{ messageId: "floatingOperation", suggestions: [] }],
    },
    {
      name: "lock.acquire() in a generator method",
      code: code("class Worker { *run(l: Lock) { l.acquire(); } }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("class Worker { *run(l: Lock) { yield* l.acquire(); } }") }],
        },
      ],
    },
    {
      name: "queue.get(), a Future, gather and withTaskGroup",
      code: code("function* main(q: Queue<number>, f: Future<number>) { q.get(); f; gather([page(1)]); }"),
      errors: [
        { column: 55, fixed: "yield* q.get(); f; gather([page(1)]);" },
        { column: 64, fixed: "q.get(); yield* f; gather([page(1)]);" },
        { column: 67, fixed: "q.get(); f; yield* gather([page(1)]);" },
      ].map(({ column, fixed }) => ({
        messageId: "floatingOperation" as const,
        line: 3,
        column,
        suggestions: [
          { messageId: "addYieldStar" as const, output: code(`function* main(q: Queue<number>, f: Future<number>) { ${fixed} }`) },
        ],
      })),
    },
    {
      name: "withTaskGroup at the top level",
      code: code("withTaskGroup(function* (tg) { tg.createTask(page(1)); });"),
      errors: [{ messageId: "floatingOperation", suggestions: [] }],
    },
    {
      name: "an optional call",
      code: code("function* main(q?: Queue<number>) { q?.put(1); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main(q?: Queue<number>) { yield* q?.put(1); }") }],
        },
      ],
    },
    {
      name: "a branch of a conditional",
      code: code("function* main(c: boolean) { c ? sleep(1) : undefined; }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main(c: boolean) { c ? yield* sleep(1) : undefined; }") }],
        },
      ],
    },
    {
      name: "the right side of &&: yield* needs parentheses there",
      code: code("function* main(c: boolean) { c && sleep(1); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main(c: boolean) { c && (yield* sleep(1)); }") }],
        },
      ],
    },
    {
      name: "each part of a sequence",
      code: code("function* main() { sleep(1), page(2); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main() { yield* sleep(1), page(2); }") }],
        },
        {
          messageId: "floatingCoroutine",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main() { sleep(1), yield* page(2); }") }],
        },
      ],
    },
    {
      name: "await wraps a loose operand in parentheses",
      code: code("async function main(x: unknown) { x as Future<number>; }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addAwait", output: code("async function main(x: unknown) { await (x as Future<number>); }") }],
        },
      ],
    },
    {
      name: "a type parameter constrained to an operation",
      code: code("function* main<F extends Future<number>>(f: F) { f; }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main<F extends Future<number>>(f: F) { yield* f; }") }],
        },
      ],
    },
    {
      name: "async arrow functions and async generators get await",
      code: code("const f = async () => { sleep(1); };\nasync function* g() { sleep(2); }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addAwait", output: code("const f = async () => { await sleep(1); };\nasync function* g() { sleep(2); }") }],
        },
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addAwait", output: code("const f = async () => { sleep(1); };\nasync function* g() { await sleep(2); }") }],
        },
      ],
    },
    {
      name: "a callback inside a coroutine is not the coroutine: no suggestion",
      code: code("function* main(qs: Queue<number>[]) { qs.forEach((q) => { q.put(1); }); }"),
      errors: [{ messageId: "floatingOperation", suggestions: [] }],
    },
    {
      name: "an operation that may be undefined",
      code: code("function* main(f: Future<number> | undefined) { f; }"),
      errors: [
        {
          messageId: "floatingOperation",
          suggestions: [{ messageId: "addYieldStar", output: code("function* main(f: Future<number> | undefined) { yield* f; }") }],
        },
      ],
    },
  ],
});
