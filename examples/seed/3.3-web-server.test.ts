import { expect, it } from "vitest";
import { run } from "corio";
import { main } from "./3.3-web-server.js";
import { captureLog } from "./support.js";

it("3.3 polling/select/epoll/selectors server: every request gets the page, connection counts go up and down", async () => {
  const { lines, result, error } = await captureLog(() => run(() => main(0, 3), { handleSignals: false }));
  expect(error).toBeUndefined();
  expect(result).toEqual(Array(3).fill("HTTP/1.1 200 ok\r\nContent-Type: text/html;charset=utf-8\r\n\r\n<h1>Web Server Test</h1>"));
  const counts = lines.filter((l) => /当前连接数/.test(l));
  expect(counts.filter((l) => l.includes("已连接")).map((l) => l.replace(/.*:/, ""))).toEqual(["1]", "2]", "3]"]);
  expect(counts.filter((l) => l.includes("已断开"))).toHaveLength(3);
  expect(counts.at(-1)).toMatch(/已断开,当前连接数:0\]$/);
  expect(lines.filter((l) => l.startsWith("GET /page")).map((l) => l.trimEnd()).sort()).toEqual(["GET /page0 HTTP/1.1", "GET /page1 HTTP/1.1", "GET /page2 HTTP/1.1"]);
});
