// The page worker's entry when corio crawl runs from its TypeScript sources (vitest, tsx):
// a worker thread cannot load .ts, so it registers tsx's loader in its own thread and
// imports page-job.ts. The built package runs dist/process/page-job.js directly.
import { tsImport } from "tsx/esm/api";

const job = await tsImport("./page-job.ts", import.meta.url);
export const processPage = job.processPage;
