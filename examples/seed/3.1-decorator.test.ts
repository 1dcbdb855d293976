import { expect, it } from "vitest";
import { main } from "./3.1-decorator.js";
import { runVirtual } from "./support.js";

it("3.1 decorator: the name is kept and __wrapped__ calls the original without logging", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["方法签名:login_out", "login_out ", "已经退出登录", "已经退出登录"]);
});
