/**
 * SVG charts drawn by hand: a line chart over time and a bar chart. A chart library would
 * be several times the size of the whole page, and these two shapes are all it shows.
 * Every chart is a `role="img"` with a label that says what it shows in words, so a screen
 * reader gets the same facts as the picture.
 */
const NS = "http://www.w3.org/2000/svg";
const W = 440;
const H = 180;
/** Room for the y labels on the left and the x labels below. */
const PAD = { left: 64, right: 12, top: 12, bottom: 26 };

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function label(x: number, y: number, text: string, anchor: "start" | "middle" | "end"): SVGTextElement {
  const t = svgEl("text", { x, y, "text-anchor": anchor, class: "axis-label" });
  t.textContent = text;
  return t;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Draw `points` (x = seconds since start, y = value) as a line with a filled area under it. */
export function lineChart(
  svg: SVGSVGElement,
  points: readonly (readonly [number, number])[],
  fmtY: (v: number) => string,
  description: string,
): void {
  const maxX = Math.max(1, ...points.map((p) => p[0]));
  const maxY = niceMax(Math.max(0, ...points.map((p) => p[1])));
  const x = (v: number) => PAD.left + (v / maxX) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
  const parts: SVGElement[] = [
    svgEl("line", { x1: PAD.left, y1: y(0), x2: W - PAD.right, y2: y(0), class: "axis" }),
    svgEl("line", { x1: PAD.left, y1: y(maxY), x2: W - PAD.right, y2: y(maxY), class: "grid" }),
    svgEl("line", { x1: PAD.left, y1: y(maxY / 2), x2: W - PAD.right, y2: y(maxY / 2), class: "grid" }),
    label(PAD.left - 6, y(maxY) + 4, fmtY(maxY), "end"),
    label(PAD.left - 6, y(maxY / 2) + 4, fmtY(maxY / 2), "end"),
    label(PAD.left - 6, y(0) + 4, fmtY(0), "end"),
    label(PAD.left, H - 6, "0 s", "start"),
    label(W - PAD.right, H - 6, `${Math.round(maxX)} s`, "end"),
  ];
  if (points.length > 0) {
    const line = points.map((p, i) => `${i ? "L" : "M"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const area = `${line}L${x(last[0]).toFixed(1)},${y(0)}L${x(first[0]).toFixed(1)},${y(0)}Z`;
    parts.push(svgEl("path", { d: area, class: "area" }), svgEl("path", { d: line, class: "line" }));
  }
  draw(svg, parts, description);
}

/** One bar of {@link barChart}. */
export interface Bar {
  label: string;
  value: number;
  /** CSS class for its colour (e.g. the status class `s2xx`). */
  kind?: string;
}

/** Draw vertical bars with their labels below and their values above. */
export function barChart(svg: SVGSVGElement, bars: readonly Bar[], description: string): void {
  const maxY = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const barW = Math.min(48, slot * 0.7);
  const y = (v: number) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom - 14);
  const parts: SVGElement[] = [
    svgEl("line", { x1: PAD.left, y1: y(0), x2: W - PAD.right, y2: y(0), class: "axis" }),
  ];
  bars.forEach((b, i) => {
    const cx = PAD.left + slot * (i + 0.5);
    const top = y(b.value);
    parts.push(
      svgEl("rect", { x: cx - barW / 2, y: top, width: barW, height: Math.max(0, y(0) - top), class: `bar ${b.kind ?? ""}` }),
      label(cx, H - 8, b.label, "middle"),
      label(cx, top - 4, b.value.toLocaleString("en-US"), "middle"),
    );
  });
  if (bars.length === 0) parts.push(label(W / 2, H / 2, "nothing yet", "middle"));
  draw(svg, parts, description);
}

function draw(svg: SVGSVGElement, parts: SVGElement[], description: string): void {
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", description);
  svg.replaceChildren(...parts);
}
