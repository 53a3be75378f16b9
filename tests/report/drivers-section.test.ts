/**
 * "Why they moved" in the finance and engineering e-mails of the demo's week 2026-W45: under the
 * top movers, each service's and account's top drivers — usage type, resource, the part that
 * moved most and the change — restated here from DuckDB sums of the line items (usage, BilledCost,
 * 2–8 Nov against 26 Oct – 1 Nov), each row linking to its resource page under the public URL,
 * a page the dashboards serve.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { driversLayoutSection } from '../../src/report/drivers-section.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { createApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { addLedgerTable, demoAttribution, demoConfigs, demoStore, readTruth, settled, startSmtp, type Received, type TestSmtp } from './helpers.ts';
import { sectionText, textTables } from './text-tables.ts';

const BASE = 'https://costlens.acme.example';
const W = { first: '2026-11-02', last: '2026-11-08' };
const PREV = { first: '2026-10-26', last: '2026-11-01' };

interface Row { cells: string[]; link: string | null }

/** The tables of a text section (text-tables.ts): each row with the address printed under it. */
function sectionTables(text: string, title: string): { header: string[]; rows: Row[] }[] {
  const section = sectionText(text, title);
  expect(section, `a section "${title}"`).toBeDefined();
  return textTables(section!).map((t) => ({ header: t.header, rows: t.rows.map((cells, i) => ({ cells, link: t.extras[i][0] ?? null })) }));
}

/** The first column of the mover table of `dimension` in the Top movers section. */
function movers(text: string, heading: string): string[] {
  const table = sectionTables(text, 'Top movers').find((t) => t.header[0] === heading)!;
  return table.rows.map((r) => r.cells[0]);
}

/** Cents as the e-mail prints them: `+$1,234.56`, `−$0.40`. */
const centsOf = (shown: string) => BigInt(shown.replace(/[+$,.]/g, '').replace('−', '-'));

describe('the weekly e-mails explain their movers: top drivers from explain, each linked', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let mail: Record<string, Received>;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      await runWeeklyReport({
        storePath: store.db,
        configs: demoConfigs(readTruth(demoDir), { publicUrl: BASE, audiences: { finance: ['finance@acme.example'], engineering: ['platform@acme.example'] } }),
        catalogue: loadInstanceCatalogue(), audience: 'all', send: { transport, from: 'finops@acme.example', force: false },
      });
    } finally {
      transport.close();
    }
    mail = Object.fromEntries((await settled(smtp, 2)).map((m) => [m.to[0].split('@')[0], m]));
  }, 600_000);

  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  /**
   * The drivers restated from the line items: usage BilledCost and quantity per service, usage
   * type, resource, account, region and unit in both weeks; a driver sums its grains' parts
   * (new: no line last week; gone: none this week; volume (Q₁ − Q₀) × C₀ / Q₀; rate the rest).
   */
  async function expectedDrivers(dimension: 'service' | 'account', value: string) {
    const where = dimension === 'service' ? `ServiceName = '${value}'` : `SubAccountId = '${value}'`;
    const grains = await sqlRows(store.db, `SELECT x_UsageType AS u, coalesce(ResourceId, '(none)') AS r, SubAccountId AS a, ServiceName AS s,
        count(*) FILTER (WHERE ChargePeriodStart < TIMESTAMP '${W.first}') AS l0, count(*) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '${W.first}') AS l1,
        coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart < TIMESTAMP '${W.first}'), 0) AS c0, coalesce(sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '${W.first}'), 0) AS c1,
        coalesce(sum(ConsumedQuantity) FILTER (WHERE ChargePeriodStart < TIMESTAMP '${W.first}'), 0) AS q0, coalesce(sum(ConsumedQuantity) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '${W.first}'), 0) AS q1
      FROM line_items WHERE x_ChargeClass = 'usage' AND ${where}
        AND ChargePeriodStart >= TIMESTAMP '${PREV.first}' AND ChargePeriodStart < CAST(DATE '${W.last}' + 1 AS TIMESTAMP)
      GROUP BY x_UsageType, ResourceId, SubAccountId, ServiceName, RegionId, ConsumedUnit`);
    const drivers = new Map<string, { u: string; r: string; change: number; parts: Record<string, number> }>();
    for (const g of grains) {
      const key = JSON.stringify([g.s, g.u, g.r, g.a]);
      const d = drivers.get(key) ?? { u: g.u!, r: g.r!, change: 0, parts: { volume: 0, rate: 0, new: 0, gone: 0, other: 0 } };
      const [c0, c1, q0, q1] = [g.c0, g.c1, g.q0, g.q1].map(Number);
      d.change += c1 - c0;
      if (g.l0 === '0') d.parts.new += c1;
      else if (g.l1 === '0') d.parts.gone -= c0;
      else if (q0 > 0 && q1 > 0) {
        d.parts.volume += ((q1 - q0) * c0) / q0;
        d.parts.rate += c1 - c0 - ((q1 - q0) * c0) / q0;
      } else d.parts.other += c1 - c0;
      drivers.set(key, d);
    }
    return [...drivers.values()].filter((d) => Math.abs(d.change) > 1e-12).sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, 2)
      .map((d) => ({ ...d, part: Object.entries(d.parts).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0][0] }));
  }

  /** {@link expectedDrivers}, summed once per mover: finance and engineering name the same movers. */
  const restated = new Map<string, ReturnType<typeof expectedDrivers>>();
  const driversOf = (dimension: 'service' | 'account', value: string) => {
    const key = `${dimension} ${value}`;
    if (!restated.has(key)) restated.set(key, expectedDrivers(dimension, value));
    return restated.get(key)!;
  };

  it('finance and engineering: the top two drivers of every service and account mover, as DuckDB sums them, each with its part, change and link', async () => {
    for (const who of ['finance', 'platform']) {
      const text = mail[who].mail.text!;
      const tables = sectionTables(text, 'Why they moved');
      expect(tables.map((t) => t.header), who).toEqual([['Service', 'Driver (usage type · resource)', 'Part', 'Change'], ['Account', 'Driver (usage type · resource)', 'Part', 'Change']]);
      for (const [t, dimension, heading] of [[tables[0], 'service', 'Service'], [tables[1], 'account', 'Account']] as const) {
        const shownMovers = movers(text, heading);
        expect(shownMovers.length).toBe(5);
        const expected: string[][] = [];
        const links: string[] = [];
        for (const mover of shownMovers) {
          const value = dimension === 'account' ? /\((\d{12})\)$/.exec(mover)![1] : mover;
          for (const d of await driversOf(dimension, value)) {
            expected.push([mover, d.r === '(none)' ? `${d.u} (no resource id)` : `${d.u} · ${d.r.startsWith('arn:') ? d.r.split(/[:/]/).at(-1) : d.r}`, d.part]);
            links.push(d.r === '(none)'
              ? `${BASE}/explore?dimension=usage_type&start=${PREV.first}&end=2026-11-09&cost=billed`
              : `${BASE}/resource?${new URLSearchParams({ id: d.r, start: PREV.first, end: '2026-11-09' })}`);
            // explain's cents: the exact change rounded, or one cent off where largest remainder moved a cent.
            const shown = centsOf(t.rows[expected.length - 1]?.cells[3] ?? '0');
            expect(Math.abs(Number(shown) - Math.round(d.change * 100)), `${mover}: ${d.u} ${d.r}`).toBeLessThanOrEqual(1);
          }
        }
        expect(t.rows.map((r) => r.cells.slice(0, 3)), `${who} ${dimension}`).toEqual(expected);
        expect(t.rows.map((r) => r.link)).toEqual(links);
      }
      expect(text.replace(/\s+/g, ' ')).toContain(`costlens explain --from ${PREV.first}..${PREV.last} --to ${W.first}..${W.last}`);
    }
  });

  it('in HTML each driver is a link whose text is the driver it opens (usage type · resource), not its mover; every one opens a page the dashboards serve', async () => {
    const html = String(mail.finance.mail.html);
    const section = html.split('>Why they moved</h2>')[1].split('<h2')[0];
    const links = [...section.matchAll(/<a href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => ({ href: m[1].replaceAll('&amp;', '&'), text: m[2].replace(/<[^>]+>/g, '').replace(/ &rsaquo;$/, '') }));
    const hrefs = links.map((l) => l.href);
    const rows = sectionTables(mail.finance.mail.text!, 'Why they moved').flatMap((t) => t.rows);
    expect(hrefs).toEqual([...rows.map((r) => r.link), `${BASE}/explore?dimension=usage_type&start=${PREV.first}&end=2026-11-09&cost=billed`]);
    // Two drivers of one mover read apart: the link says which resource (or usage type) it opens; it read the mover's name, the same for both.
    expect(links.slice(0, -1).map((l) => l.text)).toEqual(rows.map((r) => r.cells[1]));
    expect(new Set(links.slice(0, -1).map((l) => l.text)).size).toBeGreaterThan(rows.length / 2);
    const app = createApp({ storePath: store.db, config: parseConfig({ attribution: demoAttribution(readTruth(demoDir)) }), log: () => undefined, clock: () => new Date('2026-11-16T09:00:00Z') });
    try {
      for (const href of new Set(hrefs)) {
        const response = await app.request(href.slice(BASE.length), { headers: { accept: 'text/html' } });
        expect(response.status, href).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});

describe('"Why they moved" names its spans as the rest of the e-mail does', () => {
  it('2026-W49: "30 Nov – 6 Dec 2026 against 23–29 Nov 2026" (it read "23 Nov – 29 Nov 2026")', () => {
    const model = { old: { first: '2026-11-23', last: '2026-11-29' }, new: { first: '2026-11-30', last: '2026-12-06' }, drivers: [], missing: null };
    const [note] = driversLayoutSection(model, parseIsoWeek('2026-W49'), null).notes;
    expect(note).toContain('costlens explain --from 2026-11-23..2026-11-29 --to 2026-11-30..2026-12-06 (usage, BilledCost; 30 Nov – 6 Dec 2026 against 23–29 Nov 2026). ');
  });
});

describe('"Why they moved" leaves out a driver whose change shows as $0.00, and says how many', () => {
  // 2024-W39 on the store of every real file listed Pioneer Zenith's a89b7l1l-… "new $0.00" under its −$0.40.
  const model = {
    old: { first: '2024-09-16', last: '2024-09-22' }, new: { first: '2024-09-23', last: '2024-09-29' }, missing: null,
    drivers: [
      { dimension: 'account' as const, value: '46124420288', name: 'Pioneer Zenith', usageType: '(none)', resource: 'terraborc-1', part: 'gone' as const, change: -40n },
      { dimension: 'account' as const, value: '46124420288', name: 'Pioneer Zenith', usageType: '(none)', resource: 'a89b7l1l-bba0', part: 'new' as const, change: 0n },
    ],
  };
  /** The note before what it says of the drivers left out. */
  const NOTE = 'The top 2 drivers of each service and account above, from costlens explain --from 2024-09-16..2024-09-22 --to 2024-09-23..2024-09-29 '
    + '(usage, BilledCost; 23–29 Sep 2024 against 16–22 Sep 2024). Each is one usage type of one resource (an ARN or a resource path by its last part; the link opens the resource); '
    + 'its part says why it moved: volume, more or less usage at the old rate; rate, a different unit price for the usage; new, not billed in the earlier span; '
    + 'gone, not billed in the later span. Changes are explain\'s cents: each driver\'s cost this week less last week\'s, each rounded once to the cent.';
  it('one of two left out: the table lists −$0.40 alone, the note says one was left out (it listed "new $0.00")', () => {
    const section = driversLayoutSection(model, parseIsoWeek('2024-W39'), null);
    expect(section.tables.map((t) => t.rows)).toEqual([[['Pioneer Zenith (46124420288)', '(none) · terraborc-1', 'gone', '−$0.40']]]);
    expect(section.notes[0]).toBe(`${NOTE} One driver whose change shows as $0.00 (its cost shows the same cents both weeks) is left out.`);
  });
  it('every driver $0.00: no table, and the section says no driver changed by a cent (not "No service or account moved")', () => {
    const section = driversLayoutSection({ ...model, drivers: [model.drivers[1], { ...model.drivers[1], resource: 'other' }] }, parseIsoWeek('2024-W39'), null);
    expect([section.tables, section.paragraphs]).toEqual([[], ['No driver of the movers changed by a cent.']]);
    expect(section.notes[0]).toBe(`${NOTE} 2 drivers whose change shows as $0.00 (each one's cost shows the same cents both weeks) are left out.`);
  });
});
