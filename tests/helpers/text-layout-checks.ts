/**
 * Typography checks for the browser tests, measured in the page: text that must not break where it
 * did at 390 px (a sign at a line's end and its amount on the next, a resource id over three lines),
 * and a finding's evidence figures once opened (each figure on one line, beside its label, wholly on
 * screen and not under the worklist's sticky first column).
 */
import type { Page } from 'playwright-core';

/**
 * The places of `main` where text breaks as it must not: `sign: "(Lambda-GB-Second) −$5.61"` for a
 * signed amount whose sign ends a line, `id: i-06ed77da38103e0dd` for a resource id (a.resource,
 * span.resource; not an ARN or a name, which may break) on more than one line, `id out of its cell: …`
 * for one that runs past its table cell.
 */
export async function brokenText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const lines = (range: Range) => new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    const found: string[] = [];
    const main = document.querySelector('main');
    if (!main) return found;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/[−+]\$/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + 2);
        if (lines(range) > 1) found.push(`sign: "${text.slice(Math.max(0, match.index - 24), match.index + 10).trim()}"`);
      }
    }
    for (const id of main.querySelectorAll(':is(a, span).resource:not(.arn, .named)')) {
      const range = document.createRange();
      range.selectNodeContents(id);
      if (lines(range) > 1) found.push(`id: ${id.textContent}`);
      // Whole, but running out of its cell over the next one's figure.
      const cell = id.closest('td, th');
      if (cell && range.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5) found.push(`id out of its cell: ${id.textContent}`);
    }
    return found;
  });
}

/**
 * Opens the evidence of the first row of each table `tables` (its `details.evidence`) and returns
 * what cannot be read: a figure (dd) on more than one line (a sentence, dd.sentence, may wrap), a
 * figure or label narrower than `minWidth` px, or one not wholly inside the viewport, or under
 * something else (the sticky first column) at its centre: `#findings daysObserved: 14 (at 380–394 px)`.
 * Empty when every table has its evidence readable; a table without a row with evidence says so.
 */
export async function unreadableEvidence(page: Page, tables: string[], minWidth: number): Promise<string[]> {
  return page.evaluate(({ tables, minWidth }) => tables.flatMap((selector) => {
    const details = document.querySelector<HTMLDetailsElement>(`${selector} tbody tr details.evidence`);
    if (!details) return [`${selector}: no evidence to open`];
    details.open = true;
    details.scrollIntoView({ block: 'start' });
    const problems: string[] = [];
    for (const dt of details.querySelectorAll<HTMLElement>('dl.evidence-figures dt')) {
      const dd = dt.nextElementSibling as HTMLElement;
      const name = `${selector} ${dt.dataset.key ?? dt.textContent}: ${(dd.textContent ?? '').slice(0, 30)}`;
      const range = document.createRange();
      range.selectNodeContents(dd);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      if (!dd.classList.contains('sentence') && tops > 1) problems.push(`${name} (on ${tops} lines)`);
      for (const element of [dt, dd]) {
        element.scrollIntoView({ block: 'center', inline: 'nearest' });
        const box = element.getBoundingClientRect();
        const shown = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 8));
        const where = `(at ${Math.round(box.left)}–${Math.round(box.right)} px, ${Math.round(box.width)} px wide)`;
        if (box.width + 1 < Math.min(minWidth, element.scrollWidth)) problems.push(`${name}: ${element.tagName.toLowerCase()} too narrow ${where}`);
        if (box.left < 0 || box.right > window.innerWidth + 0.5) problems.push(`${name}: ${element.tagName.toLowerCase()} off screen ${where}`);
        else if (!shown || !element.contains(shown)) problems.push(`${name}: ${element.tagName.toLowerCase()} under ${shown ? shown.tagName.toLowerCase() : 'nothing'} ${where}`);
      }
    }
    details.open = false;
    window.scrollTo(0, 0);
    return problems;
  }), { tables, minWidth });
}
