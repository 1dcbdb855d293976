/// <reference lib="dom" />
/**
 * WCAG contrast of every text the page shows, computed in the browser from the rendered
 * styles: the text's colour (an SVG text's fill) against the first opaque background behind
 * it. Runs inside the page (`page.evaluate(lowContrastTexts)`), so it uses nothing from outside.
 */

/** One text below the threshold. */
export interface LowContrast {
  text: string;
  ratio: number;
  fg: string;
  bg: string;
}

export function lowContrastTexts(min: number): LowContrast[] {
  const parse = (c: string): [number, number, number, number] => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  const background = (e: Element | null): [number, number, number] => {
    for (let n = e; n; n = n.parentElement) {
      const [r, g, b, a] = parse(getComputedStyle(n).backgroundColor);
      if (a >= 0.99) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const lum = ([r, g, b]: [number, number, number]) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const out: LowContrast[] = [];
  for (const e of Array.from(document.querySelectorAll("body *"))) {
    const own = Array.from(e.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
    if (!own || e.getClientRects().length === 0) continue;
    const style = getComputedStyle(e);
    if (style.visibility === "hidden") continue;
    const bg = background(e);
    const [r, g, b, a] = parse(e instanceof SVGElement ? style.fill : style.color);
    // A translucent colour is seen blended with what is behind it.
    const fg: [number, number, number] = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x) as [number, number];
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < min) out.push({ text: (e.textContent ?? "").trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, fg: fg.join(","), bg: bg.join(",") });
  }
  return out;
}
