/**
 * The Attribution page on the demo organisation with its truth config (tests/helpers/attribution-demo.ts):
 * its analyses as an API, cached per store generation; bad parameters refused; user text escaped;
 * a key no line carries; the notes of the days each period covers (the fees posted in them and the
 * rows holding them), as `costlens attribute` says them; the navigation. Its figures against the
 * command's: attribution-figures.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { formatCents, toUnits } from '../../src/lib/money.ts';
import { costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { attributionDemoPerFile } from '../helpers/attribution-demo.ts';
import { dashboardLinks, expectSecurityHeaders, navigationOf, page } from './helpers.ts';
import { tableRows, textOf } from './page-helpers.ts';

const UNTAGGED_VALUE = '(untagged)';

describe('the Attribution page on the demo organisation: the analyses API, refusals, and the notes of what its rows hold', () => {
  const demo = attributionDemoPerFile();
  const { attribute } = demo;

  it('the same analyses as an API, cached per store generation: a new ingest recomputes them', async () => {
    const url = '/api/analyses/attribution/allocation?tag=team&period=2026-11&cost=effective&format=csv';
    const first = await demo.app.request(url);
    const second = await demo.app.request(url);
    expect(first.status).toBe(200);
    expect(second.headers.get('x-costlens-cache')).toBe('hit');
    const csv = await second.text();
    expect(csv).toBe(await first.text());
    const generation = first.headers.get('x-costlens-generation');
    const ingest = await costlens(demo.db, 'ingest', join(inject('demoDir'), 'business-metrics.csv'));
    expect(ingest.code, ingest.stderr).toBe(0);
    const after = await demo.app.request(url);
    expect(after.headers.get('x-costlens-generation')).not.toBe(generation);
    expect(after.headers.get('x-costlens-cache')).toBe('miss');
    expect(await after.text()).toBe(csv);
    const { analyses } = await (await demo.app.request('/api/analyses')).json();
    expect(analyses.map((a: { name: string }) => a.name)).toEqual([
      'attribution/allocation', 'attribution/coverage', 'attribution/shared', 'optimisation/findings',
      'commitments/over_time', 'commitments/by_commitment', 'commitments/term_ends', 'explore/daily_postings', 'explore/daily_spend_by', 'explore/spend_by', 'explore/spend_compared',
    ]);
    // Each listed analysis answers at its URL (the commitments ones, named with a hyphen, were listed but 404):
    // with only its required parameters missing, a 400 naming one of them; with none required, its rows.
    for (const { name, params } of analyses as { name: string; params: { name: string; required: boolean }[] }[]) {
      const required = params.filter((p) => p.required && p.name !== 'tag').map((p) => p.name);
      const response = await demo.app.request(`/api/analyses/${name}${params.some((p) => p.name === 'tag') ? '?tag=team' : ''}`);
      const body = await response.text();
      if (required.length === 0) expect(response.status, `${name}: ${body}`).toBe(200);
      else expect([response.status, required.some((p) => body.includes(`"${p}\\"`))], `${name}: ${body}`).toEqual([400, true]);
    }
  });

  it('refuses bad parameters with a 400 naming the problem, on the page, the CSV and the charts', async () => {
    const cases: [string, string][] = [
      ['/attribution?tag=team&period=2026-13&cost=billed', 'period must be YYYY-MM; got &quot;2026-13&quot;'],
      ['/attribution?tag=team&period=2026-11&start=2026-10-01&end=2026-11-01&cost=billed', 'give period or start/end, not both'],
      ['/attribution?tag=team&start=2026-10-01&cost=billed', 'a date range needs both start and end'],
      ['/attribution?tag=team&start=2026-11-01&end=2026-10-01&cost=billed', 'start (2026-11-01) must be before end (2026-10-01); end is exclusive'],
      ['/attribution?tag=team&start=2026-02-30&end=2026-03-01&cost=billed', 'start must be a date YYYY-MM-DD; got &quot;2026-02-30&quot;'],
      ['/attribution?tag=team&period=2026-11&cost=list', 'cost must be one of billed, effective; got &quot;list&quot;'],
      ['/attribution?tag=team&tag=Team&period=2026-11&cost=billed', '&quot;tag&quot; is given 2 times; give it once'],
      ['/attribution?tag=team&period=2026-11&cost=billed&colour=red', 'the Attribution page takes no parameter &quot;colour&quot;'],
      [`/attribution?tag=${'k'.repeat(129)}&period=2026-11&cost=billed`, 'tag must be at most 128 characters'],
      ['/attribution?tag=te%0Aam&period=2026-11&cost=billed', 'tag must be text without control characters'],
      ['/attribution?tag=%20&period=2026-11&cost=billed', 'tag must be more than blanks'],
      ['/attribution.csv', 'give the tag key to attribute by: ?tag=KEY'],
      ['/attribution.csv?tag=team&period=2026-1', 'period must be YYYY-MM; got &quot;2026-1&quot;'],
      ['/attribution.csv?tag=team&format=json', 'the attribution CSV takes no parameter &quot;format&quot;'],
    ];
    for (const [path, message] of cases) {
      const response = await page(demo.app, path);
      expect(response.status, path).toBe(400);
      expectSecurityHeaders(response);
      expect(await response.text(), path).toContain(message);
    }
    for (const path of ['/api/charts/attribution_by_value?tag=team&cost=list', '/charts/attribution_coverage.svg?tag=team&period=x', '/api/analyses/attribution/shared?period=2026-11', '/api/charts/attribution_shared?tag=team&by=x']) {
      const response = await demo.app.request(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.message, path).toMatch(/cost must be|period must be|give the tag key|takes no parameter "by"/);
    }
  });

  it('user text is escaped: a tag key with markup comes back inert', async () => {
    const html = await (await page(demo.app, '/attribution?tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E&period=2026-11&cost=billed')).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(tableRows(html, 'attribution-table').map((r) => r[1])).toEqual(['(untagged)']);
  });

  it('a key no line carries says so above the figures and links the key it most likely meant, as the CLI does on stderr', async () => {
    const html = await (await page(demo.app, '/attribution?tag=taem&period=2026-10&cost=billed')).text();
    const note = /<p class="provisional" id="absent-key">([^]*?)<\/p>/.exec(html)![1];
    expect(note).toBe('No line item in billing period 2026-10 carries taem under any spelling: none of its spend is attributed by the tag itself.'
      + ' Did you mean <a id="likely-key" href="/attribution?tag=team&amp;period=2026-10&amp;cost=billed">team</a>?');
    expect(tableRows(html, 'attribution-table').map((r) => r[1])).toEqual(['(untagged)']);
    const known = await (await page(demo.app, '/attribution?tag=team&period=2026-10&cost=billed')).text();
    expect(known).not.toContain('id="absent-key"');
  });

  it('the days each period covers: a range says the fees posted in its days are in the rows (1 Nov: 2078.33 billed, 2014.22 effective) and which rows hold them, a month the horizon cuts is the bill of the days held', async () => {
    // DuckDB on the demo's November file: the lines charged for longer than a day (RIFee, Fee, Tax), all dated 1 Nov; effective: an RIFee's unused part.
    const november = join(inject('demoDir'), 'cur2/exports/costlens-demo-cur2/data/BILLING_PERIOD=2026-11/costlens-demo-cur2-00001.snappy.parquet');
    const [posted] = await duckdbRows(`SELECT CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), 2) AS VARCHAR) AS billed,
        CAST(round(sum(CAST(CASE line_item_line_item_type WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
          ELSE line_item_unblended_cost END AS DECIMAL(38,10))), 2) AS VARCHAR) AS effective, string_agg(DISTINCT strftime(line_item_usage_start_date, '%Y-%m-%d')) AS days
      FROM read_parquet($file) WHERE line_item_usage_end_date > line_item_usage_start_date + INTERVAL 1 DAY`, { file: november });
    expect(posted).toEqual({ billed: '2078.33', effective: '2014.22', days: '2026-11-01' });
    const notes = async (query: string) => {
      const html = await (await page(demo.app, `/attribution?${query}`)).text();
      const found = /<div class="note" id="covered-days">([^]*?)<\/div>/.exec(html);
      return found ? [...found[1].matchAll(/<p>([^]*?)<\/p>/g)].map((m) => textOf(m[1])) : [];
    };
    // The rows holding them: the config shares tax (proportional) and AWS Support (even) among the teams; the RI fee is untagged.
    // The page said nothing of the days its rows cover, nor of the fees posted in them (the CLI's notes did), nor which rows hold them.
    const range = ['--from', '2026-10-05', '--to', '2026-11-10'];
    const holders = 'The rows holding them, by team (BilledCost, EffectiveCost): (untagged) 312.20, 217.47; payments 263.06, 265.96; search 227.95, 234.00; 7 more values 1275.12, 1296.79.';
    expect(await notes('tag=team&start=2026-10-05&end=2026-11-10&cost=billed')).toEqual([
      '2026-10: the rows cover 5–31 Oct 2026 (start 2026-10-05, end 2026-11-10 excluded): the lines charged in these days. No fee for a charge period longer than a day '
        + '(the month\'s RI and Support fees, tax, monthly credits) was posted in these days; one posted on another day of the month is in none of the rows. Billing period 2026-10 gives the whole bill.',
      '2026-11: the rows cover 1–9 Nov 2026 (start 2026-10-05, end 2026-11-10 excluded): the lines charged in these days. They include, whole (not prorated to these days), '
        + `the fees posted in these days for a charge period longer than a day (the month's RI and Support fees, tax, monthly credits): BilledCost ${posted.billed}, EffectiveCost ${posted.effective}, `
        + `which \`costlens invoice\` lists apart as posted:fees, posted:commitment-fees, posted:tax. ${holders} Billing period 2026-11 gives the whole bill.`,
    ]);
    // The CLI's note is the page's, in its flags; its JSON rows carry each row's part, which adds up to the note's figures to the cent.
    const cli = await costlens(demo.db, 'attribute', '--tag', 'team', ...range, '--config', demo.configPath, '--format', 'json');
    expect(cli.stderr.split('\n')[1]).toContain(` ${holders} --period 2026-11 gives the whole bill.`);
    const rows = (JSON.parse(cli.stdout) as Record<string, string>[]).filter((r) => r.period === '2026-11');
    expect(rows).toHaveLength(10); // the nine teams and (untagged): the even split of AWS Support gives each a tenth
    const sum = (key: string) => formatCents(rows.reduce((s, r) => s + toUnits(r[key]), 0n) / 100_000_000n);
    expect([sum('postedFeesBilled'), sum('postedFeesEffective')]).toEqual([posted.billed, posted.effective]);
    // (untagged)'s part, by SQL on the store: its own posted lines (the RI fee), and its shares of the posted tax (by its direct spend among every value's)
    // and of the posted Support fee (a tenth), each measure split by itself. Its cents are those exact amounts rounded by largest remainder.
    const [byHand] = await sqlRows(demo.db, `WITH lines AS (
        SELECT BilledCost AS b, EffectiveCost AS e, ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY AS posted,
          CASE WHEN lower(ChargeCategory) = 'tax' THEN 'tax' WHEN lower(x_ProductCode) = 'awssupportbusiness' THEN 'support' END AS pool,
          coalesce(trim(Tags['team'], ' '), '') = '' AS untagged
        FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-11-01' AND ChargePeriodStart >= TIMESTAMP '2026-10-05' AND ChargePeriodStart < TIMESTAMP '2026-11-10')
      SELECT ${['b', 'e'].map((m) => `CAST(round(sum(${m}) FILTER (WHERE posted AND pool IS NULL AND untagged)
          + sum(${m}) FILTER (WHERE posted AND pool = 'tax') * sum(${m}) FILTER (WHERE pool IS NULL AND untagged) / sum(${m}) FILTER (WHERE pool IS NULL)
          + sum(${m}) FILTER (WHERE posted AND pool = 'support') / 10, 6) AS VARCHAR) AS ${m}`).join(', ')} FROM lines`);
    expect(byHand).toEqual({ b: '312.195739', e: '217.470912' });
    expect(rows.find((r) => r.tagValue === UNTAGGED_VALUE)).toMatchObject({ postedFeesBilled: '312.20', postedFeesEffective: '217.47' });
    // With --by, a team's rows hold what it holds without --by, to the cent (the same note).
    const byCostCenter = await costlens(demo.db, 'attribute', '--tag', 'team', '--by', 'cost_center', ...range, '--config', demo.configPath, '--format', 'json');
    expect(byCostCenter.stderr).toBe(cli.stderr);
    const perTeam = (list: Record<string, string>[]) => {
      const teams = new Map<string, bigint[]>();
      for (const r of list.filter((row) => row.period === '2026-11')) {
        const [b, e] = teams.get(r.tagValue) ?? [0n, 0n];
        teams.set(r.tagValue, [b + toUnits(r.postedFeesBilled), e + toUnits(r.postedFeesEffective)]);
      }
      return Object.fromEntries(teams);
    };
    expect(perTeam(JSON.parse(byCostCenter.stdout))).toEqual(perTeam(rows));
    const month = '2026-11: the rows cover 1–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon): the bill of the days the store holds, not complete';
    expect(await notes('tag=team&period=2026-11&cost=billed')).toEqual([month]);
    expect(await notes('tag=team&period=2026-10&cost=billed')).toEqual([]);
    // The CLI says it in invoice's words (it said "…, not the month's whole bill" of the bill of the days held).
    expect((await attribute('--tag', 'team', '--period', '2026-11')).split('\n').slice(-3)).toEqual(['', month, '']);
  });

  it('the navigation links Attribution, Optimisation and Commitments; the resource view is not in it; no inline script', async () => {
    const html = await (await page(demo.app, '/attribution?tag=team&period=2026-11&cost=billed')).text();
    expect(navigationOf(html)).toEqual({ links: dashboardLinks('/attribution'), hasSlot: false });
    const scripts = [...html.matchAll(/<script([^>]*)>([^]*?)<\/script>/g)];
    expect(scripts.every((m) => m[2] === '' && / src="\/(vendor|assets)\//.test(m[1]))).toBe(true);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });
});
