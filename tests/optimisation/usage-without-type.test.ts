/**
 * The real FOCUS 1.0 sample (September 2024) has no usage type or instance type (no x_UsageType,
 * x_InstanceType): idle printed "0 found" and rightsize "0 recommendations" alone, and the
 * Optimisation page "$0.00, No finding" with only modernisation's line. Each now says how many AWS
 * usage lines and how much spend it could not judge: idle of its 30-day cost window, rightsize of
 * its 14-day look-back, the page under its cards (idle's and rightsizing's lines) and in its
 * modernisation section (modernise's), in the commands' words; each figure restated by DuckDB on the
 * CSV file. kpi's and modernise's own lines are tested in tests/modernise/kpi-without-usage-type.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIdleResources } from '../../src/analyze/idle/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, costlens, duckdbRows } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { textOf } from '../server/page-helpers.ts';
import { noFindingWhy } from '../../src/server/features/optimisation/not-judged.ts';
import type { FindingRow } from '../../src/server/features/optimisation/view.ts';

/** The AWS usage lines of the file charged from `from` to the end of September 2024, all and Amazon EC2's (the service with the most), by SQL on the CSV. */
async function usageOnFile(from: string): Promise<Record<string, string | null>> {
  const money = (column: string, where = 'true') => `CAST(sum(CAST(${column} AS DECIMAL(38, 10))) FILTER (WHERE ${where}) AS VARCHAR)`;
  const ec2 = "ServiceName = 'Amazon Elastic Compute Cloud'";
  const [row] = await duckdbRows(`SELECT count(*) AS lines, ${money('EffectiveCost')} AS effective, ${money('BilledCost')} AS billed,
      count(*) FILTER (WHERE ${ec2}) AS ec2_lines, ${money('EffectiveCost', ec2)} AS ec2_effective, ${money('BilledCost', ec2)} AS ec2_billed
    FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE ProviderName = 'AWS' AND ChargeCategory = 'Usage'
      AND CAST(ChargePeriodStart AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-10-01'`, { file: REAL_FOCUS, from });
  return row;
}

/** `N AWS usage lines charged on DAYS (…) carry no usage type (…), so` from the file's figures, DAYS written as every surface writes a span (`1–30 Sep 2024`). */
function noteOf(usage: Record<string, string | null>, days: string): string {
  const dollars = (exact: string | null) => `$${Number(exact).toFixed(2)}`;
  return `${usage.lines} AWS usage lines charged on ${days} (EffectiveCost ${dollars(usage.effective)}, billed ${dollars(usage.billed)};`
    + ` the most, Amazon Elastic Compute Cloud: ${usage.ec2_lines} lines, ${dollars(usage.ec2_effective)}, billed ${dollars(usage.ec2_billed)})`
    + ' carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so';
}

const IDLE_CONSEQUENCE = ' the idle rules that read the bill cannot find their resources and judged none of them (inventory rules still run)';
const RIGHTSIZING_CONSEQUENCE = ' rightsizing cannot find their instances and hours and judged none of them';
const MODERNISE_CONSEQUENCE = ' modernise cannot tell their instances, volumes, snapshots or buckets apart and judged none of them';
const FILTERS_NOTE = ' (of all accounts and owners: the filters above do not apply to it)';

describe('idle, rightsize and the Optimisation page on the real FOCUS 1.0 sample: the AWS usage lines without a usage type are named', () => {
  let db: string;
  /** Idle's and modernise's notes: the whole month (idle's 30-day cost window as of 2024-10-01). */
  let month: string;
  /** Rightsizing's note: its 14-day look-back, 17–30 Sep 2024. */
  let lookback: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_FOCUS]]);
    const [wholeMonth, lastDays] = [await usageOnFile('2024-09-01'), await usageOnFile('2024-09-17')];
    expect(wholeMonth).toEqual({ lines: '941', effective: '16.0000000000', billed: '20.6203386184', ec2_lines: '553', ec2_effective: '16.0000000000', ec2_billed: '18.6553930505' });
    expect(lastDays).toEqual({ lines: '508', effective: '13.0000000000', billed: '14.9894360051', ec2_lines: '313', ec2_effective: '13.0000000000', ec2_billed: '14.0419644530' });
    [month, lookback] = [noteOf(wholeMonth, '1–30 Sep 2024'), noteOf(lastDays, '17–30 Sep 2024')];
  });

  it('the notes, by SQL on the file: 941 lines billed $20.62 in the month, 508 billed $14.99 from 17 Sep', () => {
    expect(month).toBe('941 AWS usage lines charged on 1–30 Sep 2024 (EffectiveCost $16.00, billed $20.62;'
      + ' the most, Amazon Elastic Compute Cloud: 553 lines, $16.00, billed $18.66) carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so');
    expect(lookback).toBe('508 AWS usage lines charged on 17–30 Sep 2024 (EffectiveCost $13.00, billed $14.99;'
      + ' the most, Amazon Elastic Compute Cloud: 313 lines, $13.00, billed $14.04) carry no usage type (x_UsageType; a FOCUS 1.0 export has none), so');
  });

  it('idle says so of its 30-day cost window (the whole month here): it printed "0 found" alone', async () => {
    const table = await costlens(db, 'idle');
    expect([table.code, table.stderr, table.stdout.split('\n')[1]]).toEqual([0, '', `Not judged: ${month}${IDLE_CONSEQUENCE}.`]);
    const csv = await costlens(db, 'idle', '--format', 'csv');
    expect([csv.code, csv.stderr]).toEqual([0, `costlens: not judged: ${month}${IDLE_CONSEQUENCE}\n`]);
  });

  it('rightsize says so of its 14-day look-back (17–30 Sep 2024): it printed "0 recommendations" and nothing else', async () => {
    const expected = `Not judged: ${lookback}${RIGHTSIZING_CONSEQUENCE}.`;
    const table = await costlens(db, 'rightsize');
    expect([table.code, table.stderr, table.stdout.split('\n')[1]]).toEqual([0, '', expected]);
    const json = await costlens(db, 'rightsize', '--format', 'json');
    expect([json.code, json.stdout.trim(), json.stderr]).toEqual([0, '[]', `costlens: n${expected.slice(1, -1)}\n`]);
  });

  describe('the Optimisation page, as of the day after the data (2024-10-01), says it in the commands\' words', () => {
    let app: CostlensApp;
    beforeAll(() => {
      app = appOn(db);
    });
    afterAll(() => app?.close());

    /** The page's HTML, answered with a 200. */
    const html = async (path: string) => {
      const response = await page(app, path);
      expect(response.status, path).toBe(200);
      return response.text();
    };
    /** The line count and text of the note element `id` (tags dropped, entities decoded), or null. */
    const noteIn = (body: string, id: string) => {
      const found = new RegExp(`<p class="note" id="${id}" data-lines="(\\d+)">([^]*?)</p>`).exec(body);
      return found && [found[1], textOf(found[2])];
    };

    /** A card's figure (its data-value and text) and the line under it, tags dropped. */
    const card = (body: string, id: string) => {
      const found = new RegExp(`id="${id}">[^]*?<p class="figure" data-value="([^"]*)"[^>]*>([^<]*)</p>\\s*<p class="range">([^]*?)</p>`).exec(body);
      return found && [found[1], found[2], textOf(found[3]).replace(/\s+/g, ' ').trim()];
    };

    it('under the cards (not judged): idle\'s `Not judged: 941 AWS usage lines …` and rightsizing\'s `Not judged: 508 …`, as `costlens idle` and `rightsize` write them', async () => {
      const body = await html('/optimisation?as_of=2024-10-01&owner_key=-');
      expect(noteIn(body, 'idle-without-usage-type')).toEqual(['941', `Not judged: ${month}${IDLE_CONSEQUENCE}.`]);
      expect(noteIn(body, 'rightsizing-without-usage-type')).toEqual(['508', `Not judged: ${lookback}${RIGHTSIZING_CONSEQUENCE}.`]);
      // Under the cards, before the worklist.
      expect(body.indexOf('id="optimisation-rightsizing"')).toBeLessThan(body.indexOf('id="idle-without-usage-type"'));
      expect(body.indexOf('id="rightsizing-without-usage-type"')).toBeLessThan(body.indexOf('id="worklist"'));
    });

    it('its cards, worklist and modernisation read "not judged", never $0.00 (they read "$0.00", "0 findings", "No finding matches these filters" with no filter)', async () => {
      const body = await html('/optimisation?as_of=2024-10-01&owner_key=-');
      expect(card(body, 'optimisation-saving')).toEqual(['', 'not judged', 'idle and rightsizing judged none of the AWS usage lines: they carry no usage type (the notes below)']);
      expect(card(body, 'optimisation-idle')).toEqual(['', 'not judged',
        '1–30 Sep 2024: 941 AWS usage lines without a usage type, EffectiveCost $16.00, and no metrics or inventory to read (the notes below)']);
      expect(card(body, 'optimisation-rightsizing')).toEqual(['', 'not judged', '17–30 Sep 2024: 508 AWS usage lines without a usage type, EffectiveCost $13.00 (the notes below)']);
      const nothing = 'Nothing judged as of 1 Oct 2024: idle and rightsizing could judge none of the AWS usage lines, which carry no usage type (the notes above).';
      expect(textOf(/<p class="note" id="no-findings">([^]*?)<\/p>/.exec(body)![1])).toBe(nothing);
      expect(textOf(/<tbody>\s*<tr><td colspan="9">([^]*?)<\/td><\/tr>/.exec(body)![1])).toBe(nothing);
      expect(textOf(/<tfoot>([^]*?)<\/tfoot>/.exec(body)![1]).replace(/\s+/g, ' ').trim()).toBe('Total not judged nothing judged (the notes above)');
      const modernisation = /<p class="range" id="modernisation-summary" data-value="([^"]*)">([^]*?)<\/p>/.exec(body)!;
      expect([modernisation[1], textOf(modernisation[2]).replace(/\s+/g, ' ')]).toEqual(['', 'Not judged from the bill of 30 Sep 2024 ( costlens modernise --as-of 2024-10-01 ;'
        + ' the account, rule and owner filters above do not apply): 941 AWS usage lines without a usage type, EffectiveCost $16.00 (the note below), so no cost or saving is claimed.']);
      expect(body).not.toContain('id="modernisation-findings"');
      expect(body).not.toContain('$0.00');
    });

    it('with a filter, the lines are still the whole store\'s, and say the filters do not apply to them', async () => {
      const body = await html('/optimisation?as_of=2024-10-01&owner_key=-&rule=ebs-unattached');
      expect(noteIn(body, 'idle-without-usage-type')).toEqual(['941', `Not judged: ${month}${IDLE_CONSEQUENCE}${FILTERS_NOTE}.`]);
      expect(noteIn(body, 'rightsizing-without-usage-type')).toEqual(['508', `Not judged: ${lookback}${RIGHTSIZING_CONSEQUENCE}${FILTERS_NOTE}.`]);
    });

    it('in its modernisation section: `Not judged: 941 AWS usage lines …`, as `costlens modernise` writes it', async () => {
      expect(noteIn(await html('/optimisation?as_of=2024-10-01&owner_key=-'), 'modernisation-without-usage-type'))
        .toEqual(['941', `Not judged: ${month}${MODERNISE_CONSEQUENCE}.`]);
    });
  });

  it('idle, rightsize and modernise head their output "not judged" with the lines, not "0 found, $0.00", as the page\'s cards do', async () => {
    const heads = await Promise.all(['idle', 'rightsize', 'modernise'].map(async (command) => (await costlens(db, command)).stdout.split('\n')[0]));
    expect(heads).toEqual([
      'Idle resources as of 1 Oct 2024: not judged (EffectiveCost 1–30 Sep 2024): 941 AWS usage lines without a usage type, and no metrics or inventory to read (below)',
      'Rightsizing as of 1 Oct 2024 (look-back 17–30 Sep 2024): not judged: 508 AWS usage lines without a usage type (below)',
      'Modernisation as of 1 Oct 2024 (rates and sizes from 30 Sep 2024, the last day before it): not judged: 941 AWS usage lines without a usage type (below)',
    ]);
  });

  it('an empty worklist says why: nothing judged, no finding at all, or none the filters keep (it said "No finding matches these filters" with no filter set)', () => {
    const none = { idle: false, rightsizing: false };
    expect(noFindingWhy({ rows: [], notJudged: none }, '2024-10-01')).toBe('No finding as of 1 Oct 2024');
    expect(noFindingWhy({ rows: [], notJudged: { idle: false, rightsizing: true } }, '2024-10-01')).toBe('No finding as of 1 Oct 2024 (rightsizing not judged: the notes above)');
    expect(noFindingWhy({ rows: [{} as FindingRow], notJudged: none }, '2024-10-01')).toBe('No finding matches these filters as of 1 Oct 2024');
    expect(noFindingWhy({ rows: [], notJudged: { idle: true, rightsizing: true } }, '2024-10-01'))
      .toBe('Nothing judged as of 1 Oct 2024: idle and rightsizing could judge none of the AWS usage lines, which carry no usage type (the notes above)');
  });

  it('the lines are read only when asked (the CLI and the page): the weekly e-mail and modernise\'s cross-check, which show no such line, run no extra query', async () => {
    const { idle } = parseConfig({});
    const counted = async (usageWithoutType: boolean) => withEngine(db, async (engine) => {
      const names: string[] = [];
      const counting: Engine = { name: engine.name, run: (query, params) => (names.push(query), engine.run(query, params)), close: () => engine.close() };
      const report = await findIdleResources(counting, idle, { asOf: '2024-10-01', usageWithoutType });
      return { lines: report.usageWithoutType?.lines ?? null, reads: names.filter((n) => n === 'store/usage_without_type').length };
    });
    expect(await counted(false)).toEqual({ lines: null, reads: 0 });
    expect(await counted(true)).toEqual({ lines: 941, reads: 1 });
  });
});
