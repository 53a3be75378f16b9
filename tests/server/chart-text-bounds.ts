/**
 * Where a page's chart text lies against its card, for the browser tests of narrow screens: every
 * text element Vega drew (titles, axis labels and titles, legend titles and labels) must lie inside
 * the content box of its card (`figure.chart`, less its border and padding), which is where the
 * chart's SVG is shown; text past that box is cut off by the SVG or runs past the card's edge.
 */
import type { Page } from 'playwright-core';

/** A text element of a chart that does not lie inside its card's content box, with both boxes (CSS px, rounded). */
export interface TextOutsideCard {
  chart: string;
  text: string;
  /** The text's box: left, right, top, bottom. */
  box: [number, number, number, number];
  /** The card's content box: left, right, top, bottom. */
  card: [number, number, number, number];
}

/** The chart text elements of the page (its charts drawn) lying wholly or partly outside their card's content box; none is expected. */
export function chartTextOutsideCards(page: Page): Promise<TextOutsideCard[]> {
  return page.$$eval('figure.chart', (figures) => figures.flatMap((figure) => {
    const style = getComputedStyle(figure);
    const inset = (side: 'Left' | 'Right' | 'Top' | 'Bottom') => parseFloat(style[`padding${side}`]) + parseFloat(style[`border${side}Width`]);
    const outer = figure.getBoundingClientRect();
    const card = [outer.left + inset('Left'), outer.right - inset('Right'), outer.top + inset('Top'), outer.bottom - inset('Bottom')];
    const chart = figure.querySelector('[data-chart]')?.getAttribute('data-chart') ?? '';
    return [...figure.querySelectorAll('svg text')].flatMap((text) => {
      const b = text.getBoundingClientRect();
      if (b.width === 0 || !text.textContent) return [];
      // Half a pixel of slack: glyph boxes and the card's edges fall on fractions of a pixel.
      const inside = b.left >= card[0] - 0.5 && b.right <= card[1] + 0.5 && b.top >= card[2] - 0.5 && b.bottom <= card[3] + 0.5;
      return inside ? [] : [{ chart, text: text.textContent, box: [b.left, b.right, b.top, b.bottom].map(Math.round), card: card.map(Math.round) }];
    });
  })) as Promise<TextOutsideCard[]>;
}
