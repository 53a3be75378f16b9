/**
 * A resource link opens the resource page on the days of the figure beside it, never on the
 * resource page's default range (the 30 days before the analysers' as-of day, which on a store of
 * 2018 files reads "$0.00, 0 line items"):
 * - Data transfer's top resources: the month to date and the span it is compared with (the first
 *   day of the earlier span to as-of), or only the days shown when one side is not in the store;
 * - Storage's top buckets, volumes and snapshots: the month so far (the 1st to the data horizon);
 * - the Overview's anomaly drivers: the event's median days and its days (the earliest median day
 *   to the event's last day), which the driver's change compares.
 * The resource page opened by each link shows that resource's line items over those days, as SQL
 * on line_items sums them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { addDays } from '../../src/lib/calendar.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens, REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { writeEventFixture } from '../trends/event-fixture.ts';
import { appOn, page } from './helpers.ts';

/** Each row's resource and link (`&amp;` read back as `&`) of a table of the page. */
function links(html: string, table: string): { resource: string; href: string }[] {
  const body = new RegExp(`<table id="${table}"[^]*?</table>`).exec(html)?.[0] ?? '';
  return [...body.matchAll(/<td><a (?:class="[^"]*" )?href="([^"]*)">([^<]*)<\/a><\/td>/g)].map((m) => ({ resource: m[2], href: m[1].replaceAll('&amp;', '&') }));
}

const resourceHref = (id: string, start: string, end: string) => `/resource?${new URLSearchParams({ id, start, end })}`;

/** The resource page at `href`: 200, its billed cost and line count as shown. */
async function resourcePage(app: CostlensApp, href: string): Promise<{ billed: string; lines: string; shown: string }> {
  const response = await page(app, href);
  expect(response.status, href).toBe(200);
  const html = await response.text();
  return {
    billed: /id="resource-billed">[^]*?data-value="([^"]*)"/.exec(html)![1],
    lines: /id="resource-effective">[^]*?<p class="range">[^<]*, ([\d,]+) line items<\/p>/.exec(html)![1].replaceAll(',', ''),
    shown: /id="resource-billed">[^]*?<p class="figure"[^>]*>([^<]*)</.exec(html)![1],
  };
}

/** The resource's line items over [start, end) by charge day, as SQL sums them. */
async function resourceSql(db: string, id: string, start: string, end: string): Promise<{ billed: string; lines: string }> {
  const [row] = await sqlRows(db, `SELECT coalesce(sum(BilledCost), 0) AS billed, count(*) AS lines FROM line_items
    WHERE ResourceId = '${id.replaceAll("'", "''")}' AND ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`);
  return { billed: row.billed!, lines: row.lines! };
}

describe('resource links on the real October and November 2018 files carry the days of their figures', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    app = appOn(db);
  }, 600_000);
  afterAll(() => app?.close());

  it('Data transfer as of 30 Nov 2018: i-0ed9420a261b3f355 links to 1 Oct – 30 Nov (1–30 Nov against 1–30 Oct), and its page shows what the bill holds for it then', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2018-11-30')).text();
    expect(html).toContain('<strong>1–30 Nov 2018</strong>');
    expect(html).toContain('<strong>1–30 Oct 2018</strong>');
    expect(html).toContain('<a class="resource" href="/resource?id=i-0ed9420a261b3f355&amp;start=2018-10-01&amp;end=2018-12-01">i-0ed9420a261b3f355</a>');
    const rows = links(html, 'top-transfer-resources');
    // The 10 sources the table lists (data_transfer/top_sources' default), each a resource with an id (DuckDB's ranking on the Parquet files).
    expect(rows.length).toBe(10);
    for (const row of rows) expect(row.href, row.resource).toBe(resourceHref(row.resource, '2018-10-01', '2018-12-01'));
    const shown = await resourcePage(app, resourceHref('i-0ed9420a261b3f355', '2018-10-01', '2018-12-01'));
    const expected = await resourceSql(db, 'i-0ed9420a261b3f355', '2018-10-01', '2018-12-01');
    // DuckDB on the two Parquet files: 6,112 lines of i-0ed9420a261b3f355 start from 1 Oct to 30 Nov 2018.
    expect(expected.lines).toBe('6112');
    expect({ billed: shown.billed, lines: shown.lines }).toEqual(expected);
    expect(shown.shown).not.toBe('$0.00');
  });

  it('Data transfer as of 10 Nov 2018 (1–10 Nov against 1–10 Oct): every link to 1 Oct – 10 Nov, and the month to date of each row is inside it', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2018-11-10')).text();
    const rows = links(html, 'top-transfer-resources');
    expect(rows.length).toBe(10); // the 10 largest sources, each with a resource id (DuckDB's ranking on the Parquet files)
    for (const row of rows) expect(row.href, row.resource).toBe(resourceHref(row.resource, '2018-10-01', '2018-11-11'));
    const first = rows[0].resource;
    expect(await resourcePage(app, rows[0].href)).toMatchObject(await resourceSql(db, first, '2018-10-01', '2018-11-11'));
  });

  it('Data transfer as of 20 Oct 2018, whose compared days (1–20 Sep) are not in the store: the links carry 1–20 Oct only, the days shown', async () => {
    const html = await (await page(app, '/data-transfer?as_of=2018-10-20')).text();
    const rows = links(html, 'top-transfer-resources');
    // 9: the 10 largest sources of 1–20 Oct (of 18, DuckDB on the October file) hold the lines without a resource id, which link nowhere.
    expect(rows.length).toBe(9);
    for (const row of rows) expect(row.href, row.resource).toBe(resourceHref(row.resource, '2018-10-01', '2018-10-21'));
    // The row's month to date: the resource's transfer lines of 1–20 Oct, within what its page shows.
    const cost = /<table id="top-transfer-resources"[^]*?<tbody><tr data-source="[^"]*"><td>[^]*?<\/td>\s*<td data-value="([^"]*)">/.exec(html)![1];
    const shown = await resourcePage(app, rows[0].href);
    expect(shown).toMatchObject(await resourceSql(db, rows[0].resource, '2018-10-01', '2018-10-21'));
    expect(Number(shown.billed)).toBeGreaterThanOrEqual(Number(cost));
  });

  it('Storage: the top buckets, volumes and snapshots link to 1–30 Nov 2018, the month so far their cost covers', async () => {
    const html = await (await page(app, '/storage')).text();
    expect(html).toContain('<h2>Top EBS volumes, 1–30 Nov 2018</h2>');
    expect(html).toContain('href="/resource?id=vol-09409784ef6121644&amp;start=2018-11-01&amp;end=2018-12-01"');
    const all = ['top-buckets', 'top-volumes', 'top-snapshots'].flatMap((t) => links(html, t));
    expect(all.length).toBeGreaterThan(3);
    for (const row of all) expect(row.href, row.resource).toBe(resourceHref(row.resource, '2018-11-01', '2018-12-01'));
    // The largest volume's November cost (its row) is all of its November bill: the page opened shows the same sum.
    const volumeCost = /<tr data-resource="vol-09409784ef6121644"><td>[^]*?<\/td>\s*<td data-value="([^"]*)">/.exec(html)![1];
    const shown = await resourcePage(app, resourceHref('vol-09409784ef6121644', '2018-11-01', '2018-12-01'));
    const expected = await resourceSql(db, 'vol-09409784ef6121644', '2018-11-01', '2018-12-01');
    expect({ billed: shown.billed, lines: shown.lines }).toEqual(expected);
    expect(shown.billed).toBe(volumeCost);
  });
});

describe('the Overview\'s anomaly drivers link to the event\'s median days and its days', () => {
  /** The event fixture's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read. */
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStoreOfFolder((folder) => writeEventFixture(folder));
    app = appOn(db, { clock: () => new Date('2026-04-06T12:00:00Z') });
  });
  afterAll(() => app?.close());

  it('each resource driver links from the earliest median day to the event\'s last day, as `costlens anomalies` gives them', async () => {
    const run = await costlens(db, 'anomalies', '--as-of', '2026-04-04', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const events = (JSON.parse(run.stdout) as { events: { id: string; lastDay: string; baseline: { medianDays: string[] }[] }[] }).events;
    const html = await (await page(app, '/?as_of=2026-04-04')).text();
    const section = html.slice(html.indexOf('id="anomaly-events"'));
    let linked = 0;
    for (const e of events) {
      const row = new RegExp(`<tr data-event="${e.id}">([^]*?)</tr>`).exec(section)![1];
      const start = e.baseline.flatMap((b) => b.medianDays).sort()[0];
      const end = addDays(e.lastDay, 1);
      // The link names the resource by the last part of its id; its title holds the whole id.
      for (const [, href, resource, shown] of row.matchAll(/<a href="([^"]*)" title="([^"]*)">([^<]*)<\/a>/g)) {
        expect(href.replaceAll('&amp;', '&'), `${e.id} ${resource}`).toBe(resourceHref(resource, start, end));
        expect(resource.endsWith(shown), `${resource} shown as ${shown}`).toBe(true);
        linked += 1;
      }
    }
    expect(linked).toBe(6);
    // The EC2 event (30 Mar – 1 Apr, against 15–18 Mar): i-web's page over 15 Mar – 1 Apr.
    expect(section).toContain('<a href="/resource?id=i-web&amp;start=2026-03-15&amp;end=2026-04-02" title="i-web">i-web</a> (DataTransfer-Out-Bytes) <span class="amount">+$51.30</span>');
    const shown = await resourcePage(app, '/resource?id=i-web&start=2026-03-15&end=2026-04-02');
    // 15 normal days of $48.90 (m5.large $48.00, transfer $0.90) and 3 event days of $68.40 ($50.40, $18.00).
    expect(await resourceSql(db, 'i-web', '2026-03-15', '2026-04-02')).toEqual({ billed: '938.7000000000', lines: '36' });
    expect({ billed: shown.billed, lines: shown.lines }).toEqual({ billed: '938.7000000000', lines: '36' });
  });
});
