// Module resolution hook (runs on Node's loader thread); see corio-snapshot.mjs.
import { pathToFileURL } from "node:url";

const target = process.env.CORIO_BENCH_DIST;

export async function resolve(specifier, context, nextResolve) {
  if (target && specifier === "corio") return { url: pathToFileURL(target).href, shortCircuit: true, format: "module" };
  return nextResolve(specifier, context);
}
