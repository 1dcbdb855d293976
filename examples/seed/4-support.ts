/**
 * What the section-4 examples share: the fixture novel site (standing in for the
 * article's biquge site, on 127.0.0.1) and aiohttp's `session.get` + `response.text()`
 * as one corio coroutine over undici.
 */
import { request } from "undici";
import { call, type Coro } from "corio";
import { startFixtureSite, type FixtureSite } from "../../packages/crawl/test/fixture-site/index.js";
import { decodeBytes } from "../../packages/crawl/src/charset/decode.js";

export { startFixtureSite, type FixtureSite };

/** `async with session.get(url) as response`: status and body bytes; cancelling aborts it. */
export function* get(url: string): Coro<{ status: number; body: Uint8Array }> {
  return yield* call(async (signal) => {
    const res = await request(url, { signal });
    return { status: res.statusCode, body: new Uint8Array(await res.body.arrayBuffer()) };
  });
}

/** `response.text("gbk", "ignore")`: decode, dropping undecodable characters. */
export function gbkText(body: Uint8Array): string {
  return decodeBytes(body, "gbk").text.replaceAll("\uFFFD", "");
}
