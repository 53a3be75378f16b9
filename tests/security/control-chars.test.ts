/**
 * Issue #16, item 8: one ESC or BEL in a tag value made server-rendered SVG charts invalid XML and
 * reached the terminal raw through `attribute` and `sql` (`ESC]0;…BEL` retitles the terminal).
 * Terminal text and SVG now show such characters as escapes (`\x1b`); JSON and CSV keep the data.
 */
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe, xmlSafe } from '../../src/lib/control-chars.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { costlens } from '../helpers/cli.ts';
import { appOn } from '../server/helpers.ts';
import { RED_SERVICE, RETITLE, hostileStore } from './fixtures.ts';

/** What a terminal would obey: C0 controls but tab and line feed, DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('the escapes', () => {
  it('terminalSafe shows controls, C1 and bidi overrides as escapes and keeps tab, line feed and text', () => {
    expect(terminalSafe(RETITLE)).toBe('\\x1b]0;pwned\\x07');
    expect(terminalSafe('a\tb\nc\rd\u009b2J\u007f\u202eevil')).toBe('a\tb\nc\\x0dd\\x9b2J\\x7f\\u202eevil');
    expect(terminalSafe('équipe — 東京')).toBe('équipe — 東京');
  });

  it('xmlSafe replaces what XML 1.0 forbids and nothing else', () => {
    expect(xmlSafe(`<text>${RETITLE}\t\n\r&amp;</text>`)).toBe('<text>\\x1b]0;pwned\\x07\t\n\r&amp;</text>');
    expect(xmlSafe('a\ud800b\uffff')).toBe('a\\ud800b\\uffff');
  });
});

describe('tag values and service names holding ESC and BEL', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    ({ db } = await hostileStore());
    app = appOn(db);
  });
  afterAll(() => app.close());

  it('`costlens attribute` prints them escaped in its table and summary', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-03');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toMatch(/^2025-03 {2}\\x1b\]0;pwned\\x07 +tag +\$3\.00 /m);
    // Only spaces come off a tag value's ends: the tab's value and the CR's are values of their own, the CR shown as an escape.
    expect(run.stdout).toMatch(/^2025-03 {2}\t=1\+1 +tag +\$6\.00 /m);
    expect(run.stdout).toMatch(/^2025-03 {2}\\x0d=1\+1 +tag +\$5\.00 /m);
  });

  it('`costlens sql` prints them escaped in its table; JSON and CSV keep the data', async () => {
    const sql = "SELECT Tags['team'] AS team, ServiceName AS service FROM line_items WHERE BilledCost = 3";
    const table = await costlens(db, 'sql', sql);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stdout.split('\n')[2]).toBe('\\x1b]0;pwned\\x07  Amazon \\x1b[31mRed\\x1b[0m Service');
    const json = await costlens(db, 'sql', sql, '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual([{ team: RETITLE, service: RED_SERVICE }]);
    const csv = await costlens(db, 'sql', sql, '--format', 'csv');
    expect(csv.stdout).toBe(`team,service\r\n${RETITLE},${RED_SERVICE}\r\n`);
  });

  it('an error message quoting them does not reach the terminal raw', async () => {
    const run = await costlens(db, 'sql', `SELECT * FROM "${RETITLE}"`);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('\\x1b]0;pwned\\x07');
  });

  it('every server-rendered SVG chart fed by them is well-formed XML and shows them as escapes', async () => {
    const month = 'start=2025-03-01&end=2025-04-01';
    const charts: Record<string, string> = {
      attribution_by_value: 'tag=team&period=2025-03',
      attribution_coverage: 'tag=team&period=2025-03',
      attribution_shared: 'tag=team&period=2025-03',
      daily_spend_by_service: `${month}&first_provisional_day=2025-03-29`,
      explore_daily: `dimension=tag&tag_key=team&${month}`,
      explore_monthly: `dimension=tag&tag_key=team&${month}`,
      explore_totals: `dimension=tag&tag_key=team&${month}`,
      month_to_date_by_service: 'as_of=2025-03-31',
    };
    const listed = (await (await app.request('/api/charts')).json()).charts.map((c: { name: string }) => c.name);
    expect(listed).toEqual(expect.arrayContaining(Object.keys(charts)));
    let showing = 0;
    for (const [name, query] of Object.entries(charts)) {
      const response = await app.request(`/charts/${name}.svg?${query}`);
      expect(response.status, `${name}: ${response.status} ${await response.clone().text()}`).toBe(200);
      const svg = await response.text();
      expect(svg, name).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      expect(() => new Resvg(svg), name).not.toThrow();
      if (svg.includes('\\x1b')) showing++;
    }
    expect(showing).toBeGreaterThanOrEqual(5);
  });
});
