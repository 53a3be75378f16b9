/**
 * What the page tests on every real file share (commitments-real-files.test.ts,
 * not-classified-real-files.test.ts): the store of both 2018 CURs, the legacy CUR and the FOCUS
 * sample ingested together, which tests/commitments/invoice.test.ts reads too, and reading a page's
 * cards and elements as text.
 */
import { expect } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

/** One `costlens ingest` of every real file (tests/helpers/cached-stores.ts cachedStore's argument). */
export const EVERY_REAL_FILE = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;

/** A card's figure (its `data-value` and text) and the text of its range line. */
export function cardOf(html: string, id: string): string[] {
  const found = new RegExp(`id="${id}">[^]*?<p class="figure[^"]*"[^>]*data-value="([^"]*)"[^>]*>([^<]*)</p>\\s*<p class="range">([^]*?)</p>`).exec(html);
  return found ? [found[1], found[2], textOf(found[3])] : [];
}

/** The text of the element `<TAG … id="ID" …>…</TAG>` (the first), or null. */
export function textById(body: string, tag: string, id: string): string | null {
  const found = new RegExp(`<${tag}[^>]* id="${id}"[^>]*>([^]*?)</${tag}>`).exec(body);
  return found && textOf(found[1]);
}

/** The page at `path` as a browser asks for it, its status checked to be 200. */
export async function pageHtml(app: CostlensApp, path: string): Promise<string> {
  const response = await page(app, path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The Storage page's table by service and class: each month's column heading as text, with what it says of a month held only in part (`Nov 2023 14 of 30 days`). */
export function storageMonthHeadings(html: string): string[] {
  const head = /<table id="storage-by-class"[^>]*>\s*<thead>([^]*?)<\/thead>/.exec(html)![1];
  // Every heading but the first (the rows' names) and the last (the last month's GB-months).
  return [...head.matchAll(/<th[^>]*>([^]*?)<\/th>/g)].slice(1, -1).map((m) => textOf(m[1]));
}
