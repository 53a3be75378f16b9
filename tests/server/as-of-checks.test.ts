/**
 * An as-of day whose days hold none of the store's billing data is refused wherever Optimisation
 * takes one — the page, its downloads (/optimisation/idle|rightsize.csv|json) and the analysis API
 * (optimisation/findings) — with a 400 naming `as_of`, the store's first and last day and the days
 * that work, as `costlens idle --as-of` refuses it; before, each answered 200 with "0 findings,
 * $0.00" computed on no data. So is one whose rules look back on days after the data horizon only,
 * as the CLI refuses it (refuseLookbackPastData's rule, in `as_of`'s words): the page and the API
 * by idle's shortest rule window (7 days), the downloads by their command's (idle 7, rightsize 14);
 * before, they judged no day and said "0 findings". Attribution's period or start/end likewise (page, CSV, analysis API),
 * as `costlens attribute` refuses them; before, an empty chargeback. One check
 * (src/server/data-days.ts) serves them all. On the demo store; the store's days and the default
 * as-of day are restated by SQL on line_items and metrics.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');

describe('Optimisation refuses an as-of day whose 30 days hold no billing data, naming as_of and the store\'s days', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  /** The store's first charge day, the latest day holding any line, and the default as-of day, by SQL. */
  /** The demo store's days as its refusals name them (checked against SQL below). */
  const DATA_DAYS = '1 Sep – 14 Nov 2026';
  let first: string;
  let last: string;
  let defaultAsOf: string;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
    const [days] = await sqlRows(db, `SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first, CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last FROM line_items`);
    // The day after the data horizon: the demo's last usage day is complete (its lines run to midnight).
    const [asOf] = await sqlRows(db, `SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) + INTERVAL 1 DAY AS DATE) AS as_of FROM line_items
      WHERE ChargeCategory = 'Usage' AND CAST(ChargePeriodStart AS DATE) < (SELECT max(CAST(ChargePeriodEnd AS DATE)) FROM line_items WHERE ChargeCategory = 'Usage')`);
    [first, last, defaultAsOf] = [days.first!, days.last!, asOf.as_of!];
  }, 600_000);
  afterAll(() => app?.close());

  /**
   * The refusal for an as-of day, in the CLI's words with `as_of` for `--as-of`; the hint's last day
   * is the data horizon + the rules' look-back: idle's 7 days (the page, the API, the idle
   * downloads), 2026-11-21, or rightsizing's 14 (its downloads), 2026-11-28.
   */
  const refusal = (asOf: string, lookedBack: string, lastAsOf = '2026-11-21') => ({
    code: 'usage',
    message: `as_of ${asOf} is outside the billing data in the store (${DATA_DAYS}): the 30 days it looks back on, ${lookedBack}, hold none of it`,
    hint: `give a day from 2026-09-02 to ${lastAsOf}, or leave as_of out for ${defaultAsOf} (the day after 2026-11-14, the last complete day of the billing data)`,
  });
  /** The refusal of an as-of day whose rules' look-back holds no complete day of the data, in the CLI's words with `as_of`. */
  const pastHorizon = (asOf: string, lookback: string, lookedBack: string, lastAsOf: string) => ({
    code: 'usage',
    message: `as_of ${asOf} is outside the billing data: ${lookback} (${lookedBack}) must hold a complete day from 1 Sep to 14 Nov 2026`,
    hint: `give a day from 2026-09-02 to ${lastAsOf}, or leave as_of out for ${defaultAsOf} (the data horizon 2026-11-14 is the last day looked at)`,
  });
  const IDLE_RULES = 'the 7 days its shortest rule looks back on';

  it('the store\'s days, by SQL: 1 Sep – 14 Nov 2026, default as-of 15 Nov 2026', () => {
    expect([first, last, defaultAsOf]).toEqual(['2026-09-01', '2026-11-14', '2026-11-15']);
  });

  it('the page: a 400 with its form and the message beside the as-of field, not "0 findings" (with or without an owner key)', async () => {
    for (const path of ['/optimisation?as_of=2019-01-10&owner_key=team', '/optimisation?as_of=2019-01-10']) {
      const response = await page(app, path);
      expect(response.status, path).toBe(400);
      const html = await response.text();
      const { message, hint } = refusal('2019-01-10', '11 Dec 2018 – 9 Jan 2019');
      expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1])).toBe(`Nothing is shown until the marked field is fixed: ${message}`);
      // The field at fault is marked, keeps the value given and carries the message and its hint.
      expect(html).toContain(`<input aria-invalid="true" aria-describedby="as_of-error" type="date" name="as_of" value="2019-01-10" required><span class="form-error field-error" id="as_of-error" role="alert">${message} (${hint})</span>`);
      expect(html).not.toContain('id="optimisation-saving"');
    }
  });

  it('the analysis API optimisation/findings: 400 with the error JSON', async () => {
    const response = await app.request('/api/analyses/optimisation/findings?as_of=2019-01-10');
    expect(response.status).toBe(400);
    expect((await response.json()).error).toEqual(refusal('2019-01-10', '11 Dec 2018 – 9 Jan 2019'));
  });

  it('the downloads: 400 with the error JSON for each of idle and rightsize, CSV and JSON', async () => {
    for (const file of ['idle.json', 'idle.csv', 'rightsize.json', 'rightsize.csv']) {
      const response = await app.request(`/optimisation/${file}?as_of=2027-03-01`, { headers: { accept: 'application/json' } });
      expect(response.status, file).toBe(400);
      expect((await response.json()).error, file).toEqual(refusal('2027-03-01', '30 Jan – 28 Feb 2027', file.startsWith('idle') ? '2026-11-21' : '2026-11-28'));
    }
  });

  it('the same days as the CLI refuses: `costlens idle --as-of` says the same with --as-of, its hint too', async () => {
    const run = await costlens(db, 'idle', '--as-of', '2027-03-01', '--format', 'json');
    expect(run.code).toBe(2);
    const { message, hint } = refusal('2027-03-01', '30 Jan – 28 Feb 2027');
    expect(run.stderr).toBe(`costlens: ${message.replace('as_of', '--as-of')}\n  hint: ${hint.replaceAll('as_of', '--as-of')}\n`);
  });

  it('an as-of day whose cost window holds the data but whose rules look back on days after the data horizon only: refused as the CLI refuses it, not "0 findings"', async () => {
    // 2026-11-22: its 30 days hold 23 Oct – 14 Nov, but idle's 7-day rules look back on 15–21 Nov, after the horizon (14 Nov).
    const idle = pastHorizon('2026-11-22', IDLE_RULES, '15–21 Nov 2026', '2026-11-21');
    const response = await page(app, '/optimisation?as_of=2026-11-22&owner_key=team');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1])).toBe(`Nothing is shown until the marked field is fixed: ${idle.message}`);
    expect(html).toContain(`<input aria-invalid="true" aria-describedby="as_of-error" type="date" name="as_of" value="2026-11-22" required><span class="form-error field-error" id="as_of-error" role="alert">${idle.message} (${idle.hint})</span>`);
    for (const path of ['/api/analyses/optimisation/findings?as_of=2026-11-22', '/optimisation/idle.json?as_of=2026-11-22', '/optimisation/idle.csv?as_of=2026-11-22']) {
      const refused = await app.request(path, { headers: { accept: 'application/json' } });
      expect(refused.status, path).toBe(400);
      expect((await refused.json()).error, path).toEqual(idle);
    }
    // The CLI's words, with --as-of.
    const cli = await costlens(db, 'idle', '--as-of', '2026-11-22', '--format', 'json');
    expect([cli.code, cli.stdout, cli.stderr]).toEqual([2, '', `costlens: ${idle.message.replace('as_of', '--as-of')}\n  hint: ${idle.hint.replace('as_of', '--as-of')}\n`]);
    // Rightsizing's downloads check its own 14-day look-back, as `costlens rightsize` does: 2026-11-29 looks back on 15–28 Nov.
    const rightsize = pastHorizon('2026-11-29', 'its 14-day look-back', '15–28 Nov 2026', '2026-11-28');
    for (const file of ['rightsize.json', 'rightsize.csv']) {
      const refused = await app.request(`/optimisation/${file}?as_of=2026-11-29`, { headers: { accept: 'application/json' } });
      expect(refused.status, file).toBe(400);
      expect((await refused.json()).error, file).toEqual(rightsize);
    }
  });

  it('the edges: the first and last as-of day each rule leaves is answered; one a day further out is refused', async () => {
    const status = async (path: string) => (await app.request(path)).status;
    // 2026-09-02 looks back on 3 Aug – 1 Sep; 2026-11-21 on 14–20 Nov with idle's 7 days, 2026-11-28 on 14–27 Nov with rightsizing's 14.
    expect([await status('/optimisation/idle.json?as_of=2026-09-02'), await status('/optimisation/idle.json?as_of=2026-11-21'),
      await status('/optimisation/rightsize.json?as_of=2026-11-28')]).toEqual([200, 200, 200]);
    expect([await status('/optimisation/idle.json?as_of=2026-09-01'), await status('/optimisation/idle.json?as_of=2026-11-22'),
      await status('/optimisation/rightsize.json?as_of=2026-09-01')]).toEqual([400, 400, 400]);
    // The page and the API take idle's last day too.
    expect(await status('/api/analyses/optimisation/findings?as_of=2026-11-21')).toBe(200);
  });

  it('the modernisation section of each day the page takes quotes a `costlens modernise --as-of` that runs (exit 0): the day after the horizon, not the page\'s day', async () => {
    // 2026-11-21, the last day the page takes (idle's 7 days hold 14 Nov): modernise looks at 20 Nov, not a complete day, and refuses it; the note
    // quoted `--as-of 2026-11-21`. Now it quotes 2026-11-15, whose day before, 14 Nov, is the data horizon, as the default page's summary does.
    for (const asOf of ['2026-11-21', defaultAsOf]) {
      const response = await page(app, `/optimisation?as_of=${asOf}&owner_key=team`);
      expect(response.status, asOf).toBe(200);
      const section = /<section class="top-table" id="modernisation"[^]*?<\/section>/.exec(await response.text())![0];
      expect([...section.matchAll(/--as-of (\S+?)(?=[\s<])/g)].map((m) => m[1]), asOf).toEqual(['2026-11-15']);
    }
    const run = await costlens(db, 'modernise', '--as-of', '2026-11-15', '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
  });

  it('Attribution alike: a period or start/end holding no day of the data is a 400 on the page, its CSV and the analysis API, as `costlens attribute` refuses it', async () => {
    const period = {
      code: 'usage',
      message: `period 2025-01 (1–31 Jan 2025) is outside the billing data in the store (${DATA_DAYS})`,
      hint: 'give a period from 2026-09 to 2026-11, or leave period out for 2026-10',
    };
    const days = {
      code: 'usage',
      message: `the range start 2019-01-01, end 2019-02-01 (1–31 Jan 2019) is outside the billing data in the store (${DATA_DAYS})`,
      hint: `give days from ${first} to ${last} (end is exclusive: at most end 2026-11-15), or leave start and end out for 2026-10`,
    };
    for (const [query, error] of [['tag=team&period=2025-01', period], ['tag=team&start=2019-01-01&end=2019-02-01', days]] as const) {
      for (const path of [`/attribution.csv?${query}`, `/api/analyses/attribution/allocation?${query}`, `/api/analyses/attribution/coverage?${query}`]) {
        const response = await app.request(path, { headers: { accept: 'application/json' } });
        expect(response.status, path).toBe(400);
        expect((await response.json()).error, path).toEqual(error);
      }
      const response = await page(app, `/attribution?${query}&cost=billed`);
      expect(response.status).toBe(400);
      expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(await response.text())![1])).toBe(`Nothing is shown until the marked field is fixed: ${error.message}`);
    }
    const cli = await costlens(db, 'attribute', '--tag', 'team', '--period', '2025-01');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`costlens: --${period.message}`);
    // A period the store holds part of is answered.
    expect((await app.request('/attribution.csv?tag=team&start=2026-08-01&end=2026-09-02')).status).toBe(200);
  });

  it('no as_of, or one inside the data, still answers as before', async () => {
    const redirect = await page(app, '/optimisation');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toContain(`as_of=${defaultAsOf}`);
    expect((await app.request('/api/analyses/optimisation/findings?as_of=2026-11-15')).status).toBe(200);
  });
});
