/**
 * Which days `costlens commitments` and the Commitments page report on, and the ones they refuse:
 * - a period or range holding no day of the store's billing data is a usage error (exit 2; HTTP
 *   400 on the page and the analysis API) naming it and the store's first and last day, in the
 *   words `costlens attribute --period` uses; before, zeros with exit 0 and a page saying
 *   "Billing period 2025-01: … complete … $0.00";
 * - a period whose days all lie in a gap between billing periods (a store missing October) is
 *   refused too, and the default period, when it is such a month, gives way to the month to date
 *   and says so (stderr, the page), rather than zeros;
 * - a period or range the data horizon cuts short says so in the summary line and in JSON (`days`).
 * The shared demo (as-of 2026-11-15, CUR 2.0): charge days 1 Sep – 14 Nov 2026, by SQL below; the
 * store missing October ingests its September and November files only.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, type CliRun } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { textOf } from '../server/page-helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');
const PARQUET = (period: string) => join('cur2', 'exports', 'costlens-demo-cur2', 'data', `BILLING_PERIOD=${period}`, 'costlens-demo-cur2-00001.snappy.parquet');

/** `costlens commitments` runs by store and arguments: a run two tests check is made once. */
const runs = new Map<string, Promise<CliRun>>();
function commitments(db: string, ...args: string[]): Promise<CliRun> {
  const key = JSON.stringify([db, ...args]);
  if (!runs.has(key)) runs.set(key, costlens(db, 'commitments', ...args));
  return runs.get(key)!;
}

/** The store's first and last charge day, and the data horizon (the day before the end of the latest usage line of at most a day), by SQL. */
async function storeDaysBySql(db: string): Promise<{ first: string; last: string; horizon: string }> {
  const [row] = await sqlRows(db, `SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first, CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last,
      (SELECT CAST(CAST(max(ChargePeriodEnd) AS DATE) - 1 AS VARCHAR) FROM line_items WHERE ChargeCategory = 'Usage' AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY) AS horizon
    FROM line_items`);
  return { first: row.first!, last: row.last!, horizon: row.horizon! };
}

describe('commitments: periods and ranges outside the billing data, and partial ones (the demo)', () => {
  let db: string;
  let app: CostlensApp;
  let days: { first: string; last: string; horizon: string };
  const refusal = async (...args: string[]) => {
    const r = await commitments(db, ...args);
    return [r.code, r.stdout, ...r.stderr.split('\n').slice(0, 2)];
  };

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    app = appOn(db, { clock: () => DEMO_TODAY });
    days = await storeDaysBySql(db);
  });
  afterAll(() => app?.close());

  it('the store\'s days by SQL: 1 Sep – 14 Nov 2026, horizon 14 Nov', () => {
    expect(days).toEqual({ first: '2026-09-01', last: '2026-11-14', horizon: '2026-11-14' });
  });

  it('--period before or after the data, and --from/--to outside it: exit 2 naming them and the store\'s days, as attribute does', async () => {
    const data = '(1 Sep – 14 Nov 2026)'; // days.first to days.last, pinned above
    const periodHint = '  hint: give a period from 2026-09 to 2026-11, or leave --period out for 2026-10';
    const daysHint = `  hint: give days from ${days.first} to ${days.last} (--to is exclusive: at most --to 2026-11-15), or leave --from/--to out for 2026-10`;
    expect(await refusal('--period', '2025-01')).toEqual([2, '', `costlens: --period 2025-01 (1–31 Jan 2025) is outside the billing data in the store ${data}`, periodHint]);
    expect(await refusal('--period', '2027-01', '--format', 'json')).toEqual([2, '', `costlens: --period 2027-01 (1–31 Jan 2027) is outside the billing data in the store ${data}`, periodHint]);
    expect(await refusal('--from', '2026-08-01', '--to', '2026-09-01')).toEqual([2, '',
      `costlens: --from 2026-08-01 --to 2026-09-01 (1–31 Aug 2026) is outside the billing data in the store ${data}`, daysHint]);
    expect(await refusal('--from', '2026-11-15', '--by', 'family')).toEqual([2, '', `costlens: --from 2026-11-15 is outside the billing data in the store ${data}`, daysHint]);
    // The same words as attribute's.
    const attribute = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-01');
    expect(attribute.stderr.split('\n').slice(0, 2)).toEqual((await refusal('--period', '2025-01')).slice(2));
  });

  it('the page, the analysis API and the charts\' sources refuse period=2025-01 with a 400 in the same words (period for --period)', async () => {
    const error = {
      code: 'usage',
      message: `period 2025-01 (1–31 Jan 2025) is outside the billing data in the store (1 Sep – 14 Nov 2026)`,
      hint: 'give a period from 2026-09 to 2026-11, or leave period out for 2026-10',
    };
    const response = await page(app, '/commitments?period=2025-01');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1])).toBe(`Nothing is shown until the marked field is fixed: ${error.message}`);
    expect(html).not.toContain('id="commitments-unused"');
    for (const path of ['/api/analyses/commitments/by_commitment?period=2025-01', '/api/analyses/commitments/term_ends?period=2025-01']) {
      const api = await app.request(path, { headers: { accept: 'application/json' } });
      expect(api.status, path).toBe(400);
      expect((await api.json()).error, path).toEqual(error);
    }
  });

  it('the month in progress: the summary line and JSON say which days it covers and that it is not complete, as the page does', async () => {
    const table = await costlens(db, 'commitments', '--period', '2026-11');
    expect([table.code, table.stderr]).toEqual([0, '']);
    expect(table.stdout.split('\n')[0]).toBe('Commitments 2026-11 (1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon)): 1 Reserved Instance, 1 Savings Plan');
    const json = JSON.parse((await commitments(db, '--period', '2026-11', '--format', 'json')).stdout);
    expect(json.days).toEqual({ first: '2026-11-01', last: days.horizon, count: 14, complete: false, description: '1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon)' });
    expect(textOf(await (await page(app, '/commitments?period=2026-11')).text())).toContain('Billing period 2026-11: 1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon).');
    const october = JSON.parse((await costlens(db, 'commitments', '--period', '2026-10', '--format', 'json')).stdout);
    expect(october.days).toEqual({ first: '2026-10-01', last: '2026-10-31', count: 31, complete: true, description: '1–31 Oct 2026, complete' });
    const range = JSON.parse((await costlens(db, 'commitments', '--from', '2026-11-10', '--to', '2026-11-20', '--format', 'json')).stdout);
    expect(range.days).toEqual({ first: '2026-11-10', last: '2026-11-14', count: 5, complete: false, description: '10–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon): the range runs to 19 Nov 2026' });
    const cut = await costlens(db, 'commitments', '--from', '2026-10-15', '--to', '2026-10-20');
    expect(cut.stdout.split('\n')[0]).toBe('Commitments 2026-10-15/2026-10-20 (15–19 Oct 2026; data horizon 14 Nov 2026): 1 Reserved Instance, 1 Savings Plan');
  });
});

describe('commitments on a store missing October 2026 (the demo\'s September and November files)', () => {
  let db: string;
  let full: string;
  let app: CostlensApp;
  const GAP = 'the store holds no billing data on 1–31 Oct 2026';

  beforeAll(async () => {
    const demo = inject('demoDir');
    db = await cachedStore([[join(demo, PARQUET('2026-09')), join(demo, PARQUET('2026-11'))]]);
    full = await cachedDemoStore(demo, ['cur2']);
    app = appOn(db, { clock: () => DEMO_TODAY });
  });
  afterAll(() => app?.close());

  it('by SQL: the store holds September and 1–14 November, no October day', async () => {
    expect(await sqlRows(db, `SELECT strftime(ChargePeriodStart, '%Y-%m') AS month, count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS days FROM line_items GROUP BY 1 ORDER BY 1`))
      .toEqual([{ month: '2026-09', days: '30' }, { month: '2026-11', days: '14' }]);
  });

  it('the default, October (the last complete month), is not in the store: November to date instead, said on stderr, its figures those of the full store', async () => {
    const run = await costlens(db, 'commitments', '--format', 'json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`period 2026-11, 1–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon): 2026-10 (Oct 2026), the last complete month, is not in the store (${GAP})\n`);
    const report = JSON.parse(run.stdout);
    expect([report.period, report.days.description]).toEqual(['2026-11', '1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon)']);
    const same = JSON.parse((await commitments(full, '--period', '2026-11', '--format', 'json')).stdout);
    for (const key of ['utilisationPercent', 'unusedCost', 'coveragePercent', 'effectiveSavingsRate', 'reservedInstances', 'savingsPlans', 'coverage', 'commitments']) expect(report[key], key).toEqual(same[key]);
  });

  it('--period 2026-10 is refused (exit 2) naming the gap, not reported as zeros; the page and API answer 400 alike', async () => {
    const run = await costlens(db, 'commitments', '--period', '2026-10');
    expect([run.code, run.stdout, ...run.stderr.split('\n').slice(0, 2)]).toEqual([2, '', `costlens: --period 2026-10 (1–31 Oct 2026) is not in the store: ${GAP}`,
      '  hint: give a period from 2026-09 to 2026-11, or leave --period out for 2026-11 (costlens status lists each billing period and its days)']);
    const response = await page(app, '/commitments?period=2026-10');
    expect(response.status).toBe(400);
    expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(await response.text())![1]))
      .toBe(`Nothing is shown until the marked field is fixed: period 2026-10 (1–31 Oct 2026) is not in the store: ${GAP}`);
    const api = await app.request('/api/analyses/commitments/by_commitment?period=2026-10', { headers: { accept: 'application/json' } });
    expect(api.status).toBe(400);
    expect((await api.json()).error).toEqual({ code: 'usage', message: `period 2026-10 (1–31 Oct 2026) is not in the store: ${GAP}`,
      hint: 'give a period from 2026-09 to 2026-11, or leave period out for 2026-11' });
  });

  it('the page without a period goes to November to date and says why', async () => {
    const redirect = await page(app, '/commitments');
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/commitments?period=2026-11']);
    const html = await (await page(app, '/commitments?period=2026-11')).text();
    expect(textOf(/<p class="as-of" id="period-days">([^]*?)<\/p>/.exec(html)![1])).toBe('Billing period 2026-11: 1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon).'
      + ` The last complete month, 2026-10, is not in the store (${GAP}), so the default is this month, up to the data horizon.`);
  });
});
