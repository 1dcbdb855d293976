import { describe, expect, it } from "vitest";
import { formatStatus } from "./status.js";

describe("formatStatus", () => {
  it("prints per worker its pages, rate, last heartbeat and what it says it is doing", () => {
    const now = 100_000;
    const text = formatStatus(
      {
        crawlId: "novel",
        counts: { queued: 40, leased: 6, ok: 50, failed: 1, skipped: 2 },
        finished: null,
        workers: [
          { worker: "a:1:x", done: 30, startedAt: 90_000, lastSeen: 99_000, pagesPerSec: 3.33, activity: { state: "running", inFlight: 2, waiting: 1, hosts: [["books.example", 2]], leased: 4, leaseMs: 30_000 } },
          { worker: "b:2:y", done: 21, startedAt: 90_000, lastSeen: 50_000, pagesPerSec: 1, activity: { state: "running", inFlight: 2, waiting: 0, hosts: [["books.example", 2]], leased: 2, leaseMs: 30_000 } },
          { worker: "c:3:z", done: 0, startedAt: 95_000, lastSeen: 95_000, pagesPerSec: 0, activity: null },
        ],
      },
      now,
    );
    expect(text).toBe(
      [
        "crawl 'novel': running",
        "  done 51 (ok 50, failed 1), skipped 2, queued 40, leased 6",
        "  workers:",
        "    a:1:x  30 pages  3.3 pages/s  last seen 1s ago  fetching 2: books.example ×2; 1 waiting for a host slot",
        "    b:2:y  21 pages  1.0 pages/s  last seen 50s ago  silent for 50 s (its URLs went back to the queue)",
        "    c:3:z  0 pages  0.0 pages/s  last seen 5s ago",
        "",
      ].join("\n"),
    );
  });
});
