/** The few DOM helpers the page needs (no framework: the page must stay small and offline). */

/** The element with this id; the template guarantees it exists, so a missing one is a build bug. */
export function byId<T extends Element = HTMLElement>(id: string): T {
  const e: Element | null = document.getElementById(id);
  if (!e) throw new Error(`dashboard page: #${id} missing from the template`);
  return e as T;
}

/** A new element with text content and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Replace a table body's rows; an empty list shows one row saying so. */
export function fillRows(tbody: HTMLTableSectionElement, rows: (string | Node)[][], empty: string): void {
  const columns = tbody.parentElement?.querySelectorAll("th").length ?? 1;
  const out = rows.map((cells) => {
    const tr = el("tr");
    for (const c of cells) {
      const td = el("td");
      td.append(c);
      tr.append(td);
    }
    return tr;
  });
  if (out.length === 0) {
    const tr = el("tr");
    tr.append(el("td", empty, { colspan: String(columns), class: "empty" }));
    out.push(tr);
  }
  tbody.replaceChildren(...out);
}

/** Set an element's text only when it changed (keeps screen readers and selection calm). */
export function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
