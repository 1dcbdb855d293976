/**
 * `npm run demo`: a short guided tour of the article's examples, on the real clock.
 *
 * Each step is one example of `examples/seed/` with a heading; only examples whose waits
 * are short (≤ 2 s each) are in the tour, so it finishes in about 12 s. To add a step,
 * append to `steps` — a title, the article section, and a function that runs it.
 *
 *   npm run demo              # the whole tour
 *   npm run demo -- 3.5.6     # only the steps whose section or title contains "3.5.6"
 */
import { run } from "corio";
import * as generatorSend from "./seed/3.1-generator-send.js";
import * as generatorProtocol from "./seed/3.1-generator-protocol.js";
import * as pep380 from "./seed/3.4-pep380.js";
import * as productsAsync from "./seed/3.4-products-async.js";
import * as simpleRun from "./seed/3.5.2-run.js";
import * as gatherBatch from "./seed/3.5.3-gather.js";
import * as returnExceptions from "./seed/3.5.5-return-exceptions.js";
import * as cancelTask from "./seed/3.5.6-cancel-task.js";
import * as waitForTimeout from "./seed/3.5.6-wait-for.js";
import * as firstCompleted from "./seed/3.5.6-wait-first-completed.js";
import * as shieldDemo from "./seed/3.5.6-shield.js";
import * as crawlBook from "./seed/4.3.1-crawl-book.js";

/** One stop of the tour. */
export interface Step {
  /** The article section it ports, e.g. "3.5.3". */
  section: string;
  /** What it shows. */
  title: string;
  /** Runs it (on the real clock), printing to the console. */
  run: () => Promise<unknown>;
}

export const steps: Step[] = [
  { section: "3.1", title: "生成器的返回值 (test_send: 0, 1, i==2)", run: () => run(generatorSend.main) },
  { section: "3.1", title: "生成器协议: send / throw / return", run: () => run(generatorProtocol.main) },
  { section: "3.4", title: "PEP 380: a hand-written yield from loop behaves like yield*", run: () => run(pep380.main) },
  { section: "3.4", title: "async/await: the product statistics, generator form and async form", run: () => run(productsAsync.main) },
  { section: "3.5.2", title: "run: a coroutine that sleeps 2 s", run: () => run(simpleRun.main) },
  { section: "3.5.3", title: "gather: ten tasks at once, 2 s in all", run: () => run(gatherBatch.main) },
  { section: "3.5.5", title: "gather with returnExceptions, and done callbacks", run: () => run(returnExceptions.main) },
  { section: "3.5.6", title: "cancel a task", run: () => run(cancelTask.main) },
  { section: "3.5.6", title: "waitFor: a 3 s task with a 2 s limit", run: () => run(waitForTimeout.main) },
  { section: "3.5.6", title: "wait FIRST_COMPLETED", run: () => run(firstCompleted.main) },
  { section: "3.5.6", title: "shield: a timeout cancels the wait, not the work", run: () => run(shieldDemo.main) },
  { section: "4.3.1", title: "corio crawl book: the 300-chapter GBK novel site on 127.0.0.1 into out/book.md", run: () => crawlBook.demo() },
];

export async function tour(filter = ""): Promise<void> {
  const chosen = steps.filter((s) => s.section.includes(filter) || s.title.includes(filter));
  for (const [i, step] of chosen.entries()) {
    console.log(`\n━━ ${i + 1}/${chosen.length} · ${step.section} · ${step.title}`);
    await step.run();
  }
  console.log(`\n${chosen.length} examples. Every example of the article: examples/README.md; tests: npx vitest run examples`);
}

await tour(process.argv[2] ?? "");
