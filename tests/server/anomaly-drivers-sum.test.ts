/**
 * The Overview's anomaly events: the drivers listed under an event add up to the impact the row
 * shows (spend shown − expected shown, commit 2556d27) to the cent, and the cell says how many of
 * how many it lists. The rule (explain/shown-cents.ts): the event's spend and expected are each
 * rounded once (half away from zero) and the impact is their difference; each listed driver is the
 * analyser's own (`costlens anomalies`' largest 3 resource drivers), its new cost and its old cost
 * (its median days, halved) each rounded once and its change their difference; the other drivers
 * are shown together as what the impact leaves after the listed ones, so the lines add up to the
 * impact shown. On the demo as of 14 Nov 2026, security-tooling's −$55.78, −$11.98 and −$0.73,
 * then "14 other drivers" +$1.26, make the −$67.23 shown. (Before, a largest remainder of the
 * exact amounts to −$67.23 moved a cent onto the first line: −$55.79 and +$1.27.) With every
 * driver listed, the cents their rounding one by one leaves are a line of their own.
 *
 * Every figure is restated by SQL on line_items, as README's "Anomalies" defines the explanation:
 * each event day against the mean of its two median days (the 14th and 15th of its trailing 28
 * days by the account's usage spend, then by day), resource drivers keyed by service, usage type
 * and resource, ranked by the size of their change. The events themselves (which account, which
 * days) are the page's.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findAnomalyEvents } from '../../src/analyze/anomalies/index.ts';
import { anomaliesConfigSchema } from '../../src/analyze/trends-config.ts';
import { DuckDBEngine } from '../../src/engine/duckdb-engine.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { eventRow } from '../../src/server/features/overview/anomalies-section.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');
const TRAILING_DAYS = 28;
const UNITS_PER_CENT = 10n ** 8n;

/** `123.4567890123` (DuckDB's DECIMAL(38,10) text) → units of 1e-10. */
const units = (text: string | null) => BigInt((text ?? '0').replace('.', ''));

/** n / d rounded half away from zero. */
function divideRounded(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  return 2n * (r < 0n ? -r : r) >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/** Units of 1e-10 rounded once to cents, half away from zero. */
const roundCents = (u: bigint) => divideRounded(u, UNITS_PER_CENT);
/** Half-units (2 × 1e-10: a sum over median days not yet halved) rounded once to cents. */
const roundHalvedCents = (u2: bigint) => divideRounded(u2, 2n * UNITS_PER_CENT);

/** Cents as the page prints a change: `+$1,234.56`, `−$0.73`. */
function signed(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  const text = `$${(abs / 100n).toLocaleString('en-US')}.${String(abs % 100n).padStart(2, '0')}`;
  return cents < 0n ? `−${text}` : cents > 0n ? `+${text}` : text;
}

/** Cents as `data-change` spells them: `-55.78`. */
const centsText = (cents: bigint) => `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;

interface Restated {
  actual: bigint;
  expected: bigint;
  /** The earliest median day, for the resource links. */
  firstMedianDay: string;
  /**
   * Every driver, largest change first: its key, its change in half-units (to rank by), its change
   * as shown (new cost and halved old cost each rounded once, then their difference) and whether it
   * is new, gone or in both spans.
   */
  drivers: { service: string; usageType: string; resource: string; change2: bigint; cents: bigint; kind: 'new' | 'gone' | 'both' }[];
}

/** An account event over [start, end] (days), restated by SQL on line_items. */
async function restate(db: string, account: string, start: string, end: string): Promise<Restated> {
  const cte = `WITH lines AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, coalesce(ServiceName, x_ProductCode, '(none)') AS service,
        coalesce(x_UsageType, SkuMeter, '(none)') AS usage_type, coalesce(ResourceId, '(none)') AS resource, BilledCost AS cost
      FROM line_items
      WHERE x_ChargeClass = 'usage' AND coalesce(SubAccountId, BillingAccountId, '(none)') = '${account}'
        AND ChargePeriodStart >= CAST(DATE '${start}' - INTERVAL ${TRAILING_DAYS} DAY AS TIMESTAMP) AND ChargePeriodStart < CAST(DATE '${end}' + INTERVAL 1 DAY AS TIMESTAMP)
    ),
    days AS (SELECT CAST(d AS DATE) AS day FROM generate_series(DATE '${start}' - INTERVAL ${TRAILING_DAYS} DAY, CAST(DATE '${end}' AS TIMESTAMP), INTERVAL 1 DAY) t(d)),
    totals AS (SELECT days.day, coalesce(sum(lines.cost), 0) AS total FROM days LEFT JOIN lines ON lines.day = days.day GROUP BY days.day),
    event_days AS (SELECT day FROM days WHERE day >= DATE '${start}'),
    ranked AS (
      SELECT e.day AS event_day, t.day, t.total, row_number() OVER (PARTITION BY e.day ORDER BY t.total, t.day) AS rank
      FROM event_days e JOIN totals t ON t.day >= e.day - INTERVAL ${TRAILING_DAYS} DAY AND t.day < e.day
    ),
    medians AS (SELECT event_day, day, total FROM ranked WHERE rank IN (${TRAILING_DAYS / 2}, ${TRAILING_DAYS / 2 + 1}))`;
  const [sums] = await sqlRows(db, `${cte}
    SELECT (SELECT sum(total) FROM totals WHERE day >= DATE '${start}') AS actual, (SELECT sum(total) FROM medians) AS expected2,
      (SELECT CAST(min(day) AS VARCHAR) FROM medians) AS first_median_day`);
  const drivers = await sqlRows(db, `${cte},
    news AS (SELECT service, usage_type, resource, sum(cost) AS cost FROM lines WHERE day >= DATE '${start}' GROUP BY ALL),
    olds AS (SELECT l.service, l.usage_type, l.resource, sum(l.cost) AS cost2 FROM medians m JOIN lines l ON l.day = m.day GROUP BY ALL)
    SELECT service, usage_type, resource, coalesce(n.cost, 0) AS new_cost, coalesce(o.cost2, 0) AS old_cost2
    FROM news n FULL JOIN olds o USING (service, usage_type, resource)`);
  const restated = drivers.map((d) => {
    const [newCost, old2] = [units(d.new_cost), units(d.old_cost2)];
    return {
      service: d.service!, usageType: d.usage_type!, resource: d.resource!, change2: 2n * newCost - old2,
      cents: roundCents(newCost) - roundHalvedCents(old2), kind: newCost === 0n ? 'gone' as const : old2 === 0n ? 'new' as const : 'both' as const,
    };
  });
  const key = (d: (typeof restated)[number]) => JSON.stringify(['usage', d.service, d.usageType, d.resource]);
  const abs = (v: bigint) => (v < 0n ? -v : v);
  restated.sort((a, b) => (abs(b.change2) > abs(a.change2) ? 1 : abs(b.change2) < abs(a.change2) ? -1 : key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { actual: units(sums.actual), expected: divideRounded(units(sums.expected2), 2n), firstMedianDay: sums.first_median_day!, drivers: restated };
}

/** `410.6237279183` from units. */
const decimal = (u: bigint) => `${u < 0n ? '-' : ''}${(u < 0n ? -u : u) / 10n ** 10n}.${String((u < 0n ? -u : u) % 10n ** 10n).padStart(10, '0')}`;

const DAY = /^(\d+) (\w+) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `1 Nov 2026` → `2026-11-01`. */
function isoDay(shown: string): string {
  const [, d, m, y] = DAY.exec(shown.trim())!;
  return `${y}-${String(MONTHS.indexOf(m) + 1).padStart(2, '0')}-${d.padStart(2, '0')}`;
}
/** A Days cell as the pages write a span (`1–6 Nov 2026`, `28 Oct – 6 Nov 2026`, `1 Nov 2026`, `30 Dec 2025 – 2 Jan 2026`) → its first and last ISO days. */
function shownDays(text: string): [string, string] {
  const [head, tail] = text.trim().split(/ ?– ?/);
  if (tail === undefined) return [isoDay(head), isoDay(head)];
  const last = isoDay(/^\d+$/.test(tail) ? `${tail} ${head.split(' ').slice(1).join(' ')}` : tail);
  const parts = head.split(' ');
  const first = parts.length === 3 ? head : parts.length === 2 ? `${head} ${last.slice(0, 4)}` : `${head} ${tail.split(' ').slice(1).join(' ')}`;
  return [isoDay(first), last];
}
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** An event row's parts: its id, its days (from the Days cell), its cells' data-values and texts, the count above the list and the list's items. */
function parseRow(id: string, row: string) {
  const cells = [...row.matchAll(/<td([^>]*)>([^]*?)<\/td>/g)];
  return {
    id,
    days: shownDays(cells[1][2]),
    values: cells.slice(2, 5).map((c) => [/data-value="([^"]*)"/.exec(c[1])![1], c[2]]),
    count: /<p class="note drivers-count">([^<]*)<\/p>/.exec(row)?.[1],
    // Each amount is a span.amount (kept on one line); the text is read without it.
    items: [...row.matchAll(/<li( class="other-drivers")? data-change="([^"]+)">([^]*?)<\/li>/g)].map((m) => ({ other: Boolean(m[1]), change: m[2], text: m[3].replace(/<span class="amount">([^<]*)<\/span>/g, '$1') })),
    bareAmounts: [...row.matchAll(/<li[^>]*>([^]*?)<\/li>/g)].flatMap((m) => m[1].replace(/<span class="amount">[^<]*<\/span>/g, '').match(/[−+]?\$[\d,]+\.\d\d/g) ?? []),
  };
}
type Row = ReturnType<typeof parseRow>;
type RestatedDriver = Restated['drivers'][number];

/**
 * A listed driver's line: its name (the resource linked over the days its change compares), its
 * change as SQL restates it (new and old each rounded once, then their difference), and its parts.
 * A new or gone driver's one part is its change; one in both spans splits its change over volume,
 * rate and other, whose cents (each shown) must add up to it.
 */
function expectDriverLine(item: Row['items'][number], d: RestatedDriver, days: { start: string; end: string }, label: string): void {
  expect([item.other, item.change], label).toEqual([false, centsText(d.cents)]);
  const link = new URLSearchParams({ id: d.resource, ...days }).toString().replaceAll('&', '&amp;');
  // The link reads the last part of an ARN or path (checkout-prod-order-events); its title keeps the whole id.
  const what = d.resource === '(none)' ? d.usageType : `<a href="/resource?${link}" title="${d.resource}">${d.resource.split(/[:/]/).at(-1)}</a> (${d.usageType})`;
  const head = `${d.service}: ${what} ${signed(d.cents)}`;
  expect(item.text.startsWith(head), `${label}: ${item.text}`).toBe(true);
  const parts = item.text.slice(head.length);
  if (d.cents === 0n) return expect(parts, label).toBe('');
  if (d.kind !== 'both') return expect(parts, label).toBe(` (${d.kind} ${signed(d.cents)})`);
  const listed = /^ \((.*)\)$/.exec(parts)![1].split(', ').map((p) => /^(volume|rate|other) ([−+]?)\$([\d,]+)\.(\d\d)$/.exec(p)!);
  const sum = listed.reduce((s, [, , sign, whole, cents]) => s + (sign === '−' ? -1n : 1n) * (BigInt(whole.replaceAll(',', '')) * 100n + BigInt(cents)), 0n);
  expect(sum, `${label}: ${item.text}`).toBe(d.cents);
}

describe('the Overview\'s anomaly drivers add up to the impact shown, and say how many of how many they are', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  let section: string;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
    const html = await (await page(app, '/')).text();
    section = /<section class="top-table" id="anomaly-events">([^]*?)<\/section>/.exec(html)![1];
  }, 600_000);
  afterAll(() => app?.close());

  const rows = () => [...section.matchAll(/<tr data-event="([^"]+)">([^]*?)<\/tr>/g)].map(([, id, row]) => parseRow(id, row));

  /** Spend and expected each rounded once, and the impact shown, their difference, in cents. */
  const shown = (r: Restated) => {
    const [spend, expected] = [roundCents(r.actual), roundCents(r.expected)];
    return { spend, expected, impact: spend - expected };
  };

  it('the demo\'s three events as of 14 Nov 2026 (search-prod, flagged on 1 Nov, the first day examined, followed back to 28 Oct)', () => {
    expect(rows().map((r) => [r.id, r.days])).toEqual([
      ['account:848183482749:2026-10-28', ['2026-10-28', '2026-11-02']],
      ['account:475246489870:2026-11-01', ['2026-11-01', '2026-11-06']],
      ['account:848183482749:2026-11-04', ['2026-11-04', '2026-11-04']],
    ]);
  });

  it('each event: spend, expected and impact as SQL restates them; its largest 3 drivers each rounded once, then the others together as what the impact shown leaves after them', async () => {
    for (const row of rows()) {
      const account = row.id.split(':')[1];
      const r = await restate(db, account, row.days[0], row.days[1]);
      const { impact } = shown(r);
      expect(row.values.map((v) => v[0]), row.id).toEqual([decimal(r.actual), decimal(r.expected), decimal(r.actual - r.expected)]);
      expect(row.values[2][1], row.id).toBe(signed(impact));
      const top = r.drivers.slice(0, 3);
      const others = r.drivers.length - top.length;
      // The drivers after the largest 3, as the SQL restates them: 42 in each of search-prod's events, 14 in security-tooling's.
      expect(others, row.id).toBe({ 'account:848183482749:2026-10-28': 42, 'account:475246489870:2026-11-01': 14, 'account:848183482749:2026-11-04': 42 }[row.id]);
      const rest = impact - top.reduce((s, d) => s + d.cents, 0n);
      expect(row.count, row.id).toBe(`The largest 3 of ${r.drivers.length} drivers, then the other ${others}:`);
      const days = { start: r.firstMedianDay, end: nextDay(row.days[1]) };
      expect(row.items.length, row.id).toBe(4);
      top.forEach((d, i) => expectDriverLine(row.items[i], d, days, `${row.id} #${i + 1}`));
      expect(row.items[3], row.id).toEqual({ other: true, change: centsText(rest), text: `${others} other driver${others === 1 ? '' : 's'} ${signed(rest)}` });
      // The lines as shown add up to the impact shown.
      expect(row.items.reduce((s, i) => s + BigInt(i.change.replace('.', '')), 0n), row.id).toBe(impact);
      // Every amount of the list is one span.amount, never split at a line's end after its sign.
      expect(row.bareAmounts, row.id).toEqual([]);
    }
  });

  it('security-tooling, 1–6 Nov 2026: −$55.78, −$11.98, −$0.73 and 14 others +$1.26 make the −$67.23 shown ($117.82 − $185.05; the exact impact, −67.2219…, rounds to −$67.22)', async () => {
    const row = rows().find((r) => r.id === 'account:475246489870:2026-11-01')!;
    expect(row.values.map((v) => v[1])).toEqual(['$117.82', '$185.05', '−$67.23']);
    expect(row.values[2][0]).toBe('-67.2219464982');
    expect(row.count).toBe('The largest 3 of 17 drivers, then the other 14:');
    expect(row.items.map((i) => i.change)).toEqual(['-55.78', '-11.98', '-0.73', '1.26']);
    // The first driver's change is its new and old cost each rounded once (here: gone, so −$55.78 is its old cost shown).
    const first = (await restate(db, '475246489870', '2026-11-01', '2026-11-06')).drivers[0];
    expect([first.kind, first.cents]).toEqual(['gone', -5578n]);
  });

  /*
   * Replaces 'an event alone (no store…)': that case fed eventRow hand-written events for a helper
   * that re-apportioned their drivers to the impact shown; the Overview now shows the analyser's
   * drivers as they are, so the case is now what the cell shows when an event's every driver is listed.
   */
  it('every driver listed (as for an event of at most 3 drivers): "Its N drivers:", each rounded once as SQL restates it, then the cents their rounding one by one leaves, as a line of its own', async () => {
    const engine = await DuckDBEngine.open(db);
    try {
      // As the Overview finds the events (14 days to 14 Nov 2026, BilledCost), with no limit on the drivers listed.
      const found = await findAnomalyEvents(engine, { config: anomaliesConfigSchema.parse({}), asOf: '2026-11-14', days: 14, cost: 'billed', top: 1000 });
      expect(found.events.map((e) => e.id)).toEqual(rows().map((r) => r.id));
      const roundings: bigint[] = [];
      for (const e of found.events) {
        const row = parseRow(e.id, String(await eventRow(e)));
        const r = await restate(db, e.value, e.start, e.lastDay);
        const { impact } = shown(r);
        expect(row.values[2][1], e.id).toBe(signed(impact));
        // Drivers that show $0.00 are not listed: they join the rest line.
        const listed = r.drivers.filter((d) => d.cents !== 0n);
        const others = r.drivers.length - listed.length;
        expect(row.count, e.id).toBe(others > 0 ? `The largest ${listed.length} of ${r.drivers.length} drivers, then the other ${others}:`
          : r.drivers.length === 1 ? 'Its one driver:' : `Its ${r.drivers.length} drivers:`);
        const days = { start: r.firstMedianDay, end: nextDay(e.lastDay) };
        listed.forEach((d, i) => expectDriverLine(row.items[i], d, days, `${e.id} #${i + 1}`));
        const rounding = impact - listed.reduce((s, d) => s + d.cents, 0n);
        roundings.push(rounding);
        expect(row.items.slice(listed.length), e.id).toEqual(others === 0 && rounding === 0n ? [] : [
          { other: true, change: centsText(rounding), text: `${others > 0 ? `${others} other driver${others === 1 ? '' : 's'}` : 'rounding (drivers rounded one by one)'} ${signed(rounding)}` },
        ]);
      }
      // Each event's drivers, rounded one by one, miss the impact shown by a few cents: −1¢, −2¢ (security-tooling's 17) and −3¢.
      expect(roundings).toEqual([-1n, -2n, -3n]);
    } finally {
      await engine.close();
    }
  });
});
