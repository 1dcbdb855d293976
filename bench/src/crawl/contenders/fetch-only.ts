/**
 * A reference, not a contender: the least any crawler must do against the fixture —
 * robots.txt, then the index, then every chapter over `concurrency` keep-alive
 * connections — with no decoding, parsing, state or book (links are taken with a regex).
 * Its pages/s is what the server and the network allow: the harness's ceiling for a
 * crawler that fetches robots.txt and the index first. No retries, so it runs only in
 * the fault-free scenarios.
 */
import { Pool } from "undici";
import { runChild } from "../harness.js";

runChild(async (job) => {
  const index = new URL(job.indexUrl);
  const pool = new Pool(index.origin, { connections: job.concurrency });
  const get = async (path: string): Promise<Buffer> => {
    const res = await pool.request({ path, method: "GET", signal: AbortSignal.timeout(job.timeoutMs) });
    return Buffer.from(await res.body.arrayBuffer());
  };
  await get("/robots.txt");
  const html = (await get(index.pathname)).toString("latin1");
  const paths = [...new Set(Array.from(html.matchAll(/<dd><a href="([^"]+)"/g), (m) => new URL(m[1]!, index).pathname))];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) await get(paths[next++]!);
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  await pool.close();
});
