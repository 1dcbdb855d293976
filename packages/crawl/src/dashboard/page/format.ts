/** How the page writes numbers, sizes and durations: one place, so the tests can parse them back. */

/** An integer with thousands separators: `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A rate with one decimal: `12.5`. */
export function rate(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** Bytes in binary units with three significant digits: `1.21 MB`. */
export function bytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v >= 100 ? Math.round(v) : v.toPrecision(3)} ${UNITS[u]}`;
}

/** A duration given in seconds: `45 s`, `3 min 05 s`, `2 h 04 min`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** Milliseconds, or a dash when unknown. */
export function ms(n: number | null): string {
  return n === null ? "–" : `${count(n)} ms`;
}

/** A wall-clock instant as local `HH:MM:SS`. */
export function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString("en-GB", { hour12: false });
}

/** A wall-clock instant as local `YYYY-MM-DD HH:MM:SS`. */
export function dateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${clock(epochMs)}`;
}
