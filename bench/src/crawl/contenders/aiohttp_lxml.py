"""The article's own crawler, as a Python user would write it today: aiohttp (one session,
a connector of `concurrency` connections), asyncio.Semaphore, lxml.html for parsing.

Fetch the index, take `dd a` in order (a link repeated by the "latest chapters" block
kept at its last place), fetch every chapter under the semaphore with up to `retries`
retries (exponential backoff with full jitter, 500 ms base, slept inside the semaphore as
such a script does), keep the text directly inside `#content`, write the book.

Run by bench/src/crawl/main.ts with Debian's /usr/bin/python3 (python3-aiohttp,
python3-lxml): argv[1] is the job as JSON; the last line on stdout is the run report
(ok, ms, maxRssKiB, cpuMs, failed), the same fields the Node contenders send over IPC.
"""
import asyncio
import codecs
import json
import os
import random
import resource
import sys
import time
from urllib.parse import urljoin

import aiohttp
import lxml.html

EDGE = " \t\n\r\f\v\u00a0\u3000"


def cp936_euro(err: UnicodeDecodeError):
    """GBK as browsers and Windows read it: the single byte 0x80 is the euro sign."""
    if err.object[err.start] == 0x80:
        return "\u20ac", err.start + 1
    return "\ufffd", err.start + 1


codecs.register_error("cp936-euro", cp936_euro)


def decode(body: bytes) -> str:
    return body.decode("gbk", errors="cp936-euro")


def content_text(doc) -> str:
    nodes = doc.xpath('//*[@id="content"]')
    if not nodes:
        return ""
    content = nodes[0]
    parts = [content.text or ""] + [child.tail or "" for child in content]
    return "\n\n".join(t for t in (p.strip(EDGE) for p in parts) if t)


async def main(job: dict) -> dict:
    concurrency = job["concurrency"]
    timeout = aiohttp.ClientTimeout(total=job["timeoutMs"] / 1000)
    connector = aiohttp.TCPConnector(limit=concurrency)
    sem = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def get(url: str) -> str:
            async with session.get(url) as resp:
                body = await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status} for {url}")
                return decode(body)

        async def get_with_retries(url: str) -> str:
            attempt = 0
            while True:
                try:
                    return await get(url)
                except Exception:
                    if attempt >= job["retries"]:
                        raise
                    await asyncio.sleep(random.random() * 0.5 * 2**attempt)
                    attempt += 1

        index = lxml.html.fromstring(await get_with_retries(job["indexUrl"]))
        links = [(urljoin(job["indexUrl"], a.get("href", "")), a.text_content().strip()) for a in index.xpath("//dd/a")]
        last = {url: i for i, (url, _) in enumerate(links)}
        chapters = [(url, title) for i, (url, title) in enumerate(links) if last[url] == i]
        failed = []

        async def chapter(url: str):
            async with sem:
                try:
                    return content_text(lxml.html.fromstring(await get_with_retries(url)))
                except Exception:
                    failed.append(url)
                    return None

        texts = await asyncio.gather(*(chapter(url) for url, _ in chapters))
    book = "".join(f"## {title}\n\n{text or ''}\n\n" for (_, title), text in zip(chapters, texts))
    path = os.path.join(job["dir"], "book.md")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(book)
    os.replace(path + ".tmp", path)
    return {"failed": len(failed)}


if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    t0 = time.perf_counter()
    report = {"ok": True}
    try:
        report.update(asyncio.run(main(job)))
    except Exception as e:  # the report says why; the orchestrator prints it
        report = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report.update(ms=(time.perf_counter() - t0) * 1000, maxRssKiB=usage.ru_maxrss, cpuMs=(usage.ru_utime + usage.ru_stime) * 1000)
    print(json.dumps(report), flush=True)
