/** Small numeric and formatting helpers for the result tables. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function fmtRate(opsPerSec: number): string {
  if (!Number.isFinite(opsPerSec)) return "—";
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)} M`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toFixed(1)} k`;
  return opsPerSec.toFixed(0);
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return "—";
  return r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`;
}

/** Renders rows as a Markdown table (readable in a terminal and pasteable into notes). */
export function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (s: string, i: number) => (alignRight[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (alignRight[i] ? `${"-".repeat(w + 1)}:` : `:${"-".repeat(w + 1)}`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
