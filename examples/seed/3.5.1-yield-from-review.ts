/**
 * 3.5.1 上节回顾 — `async`/`await` can be read as `yield from`: `get_name` delegating to
 * `get_value`, and `gen.send(None)` getting the first value out.
 *
 * The article notes that JavaScript (unlike Python and .NET) mixes generators and async
 * functions freely. corio leans on that: a generator coroutine is run by a task, and the
 * task (like every corio awaitable) can be `await`ed from an async function.
 */
import { pathToFileURL } from "node:url";
import { createTask, run, sleep, type Coro } from "corio";

// the generator version: 这个async和await替换成yield from
export function* get_value(value: string): Generator<string, void, unknown> {
  yield value;
}

export function* get_name(name: string): Generator<string, void, unknown> {
  // 一系列逻辑处理
  yield* get_value(name);
}

// the coroutine version, mixed: a corio coroutine awaited from an async function
function* get_value_coro(value: string): Coro<string> {
  return yield* sleep(0, value);
}

async function get_name_async(name: string): Promise<string> {
  // 一系列逻辑处理
  return await createTask(get_value_coro(name));
}

export function* main() {
  const gen = get_name("小明");
  console.log(gen.next().value); // gen.send(None)
  console.log(yield* createTask(() => get_name_async("小明")));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
