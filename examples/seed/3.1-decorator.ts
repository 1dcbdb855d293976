/**
 * 3.1 知识回顾 · 1.装饰器 — the `log` decorator with `@wraps`.
 *
 * JavaScript has no `@decorator` on plain functions, so `log(fn)` is a higher-order
 * function. `@wraps(func)` copies the name (`login_out.__name__`) and keeps the original
 * in `__wrapped__`; here `Object.defineProperty` keeps `name` and `__wrapped__` holds the
 * original function.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

type Wrapped<F> = F & { __wrapped__: F };

function log<A extends unknown[], R>(func: (...args: A) => R): Wrapped<(...args: A) => R> {
  const wrapper = (...args: A): R => {
    console.log(`${func.name} `);
    return func(...args);
  };
  // like @wraps(func): the wrapper reports the wrapped function's name…
  Object.defineProperty(wrapper, "name", { value: func.name });
  // …and gives access to the original
  return Object.assign(wrapper, { __wrapped__: func });
}

const login_out = log(function login_out() {
  console.log("已经退出登录");
});

export function* main() {
  // @wraps(func) 可以使得装饰前后,方法签名一致
  console.log(`方法签名:${login_out.name}`);
  login_out();
  // @wraps能让你通过属性 __wrapped__ 直接访问被包装函数
  login_out.__wrapped__(); // 执行原来的函数
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
