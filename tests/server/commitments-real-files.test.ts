/**
 * The Commitments page on the real files. Its expiry timeline: the 2018 workshop CUR states each
 * Reserved Instance's term end (reservation_end_time), the FOCUS sample states none for its two
 * Savings Plans. The timeline draws the commitments whose end the bill states, each at its end as
 * DuckDB reads it from the Parquet; a period whose commitments state none gets a sentence instead
 * of a chart (it drew an empty plot and Vega warned "Infinite extent for field end"). The page writes
 * the RIs' hours as `costlens commitments` does, two decimals at most with the unit (`530.32 h`; it
 * showed `530.320,278`, thousands separators in the fraction).
 * What no line states of the FOCUS sample's Savings Plans (their purchase, so their unused cost) is
 * said, not shown as $0.00, on the page, in `costlens commitments` and in the weekly e-mail alike.
 * What the other pages could not classify or judge: not-classified-real-files.test.ts.
 * The same pages in Chromium at 390 px: commitments-real-files-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_FOCUS, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';
import { EVERY_REAL_FILE, cardOf, pageHtml, textById } from './real-files-pages.ts';
import { hoursShown } from '../helpers/text-table-rows.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildCommitmentsSection, commitmentsLayoutSection } from '../../src/report/commitments-section.ts';
import { unusedChartCaption } from '../../src/server/features/commitments/page.ts';
import { amortisedCostWords, dollarsText, expiringHeadline } from '../../src/analyze/commitments/index.ts';
import { codePointOrder } from '../../src/lib/order.ts';

interface ChartBody { usermeta: { costlens: { query: string; params: Record<string, string> } }; data: { values: { arn: string; end: string; monthly_value: number | null }[] } }

describe('the expiry timeline on the real files', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    db = await cachedStore(EVERY_REAL_FILE);
    app = appOn(db);
  });
  afterAll(() => app?.close());

  const chart = async (period: string) => (await (await app.request(`/api/charts/commitments_expiry?period=${period}`)).json()) as ChartBody;

  it('November 2018: each of the nine Reserved Instances at the end of its term, as reservation_end_time says, sized by its monthly value', async () => {
    const body = await chart('2018-11');
    expect(body.usermeta.costlens).toMatchObject({ query: 'commitments/term_ends', params: { period: '2018-11' } });
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, strftime(CAST(reservation_end_time AS TIMESTAMP), '%Y-%m-%d %H:%M:%S') AS end_time
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_NOV_2018 });
    expect(onFile).toHaveLength(9);
    expect(body.data.values.map((v) => ({ arn: v.arn, end_time: v.end })).sort((a, b) => codePointOrder(a.arn, b.arn))).toEqual(onFile);
    const cli = JSON.parse((await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json')).stdout) as { commitments: { arn: string; monthlyValue: string }[] };
    expect(Object.fromEntries(body.data.values.map((v) => [v.arn, v.monthly_value]))).toEqual(Object.fromEntries(cli.commitments.map((c) => [c.arn, Number(c.monthlyValue)])));
    expect(await (await page(app, '/commitments?period=2018-11')).text()).toContain('data-chart="commitments_expiry" data-params="period=2018-11"');
  });

  it('November 2018, beside the FOCUS sample to 30 Sep 2024: the period names its own data, 30 Nov 2018, and the expiry and the advice say they count from the store\'s latest data, not "the data horizon"', async () => {
    // By DuckDB on the file: the November CUR's usage ends on 30 Nov 2018 (the store's latest, the FOCUS sample's 30 Sep 2024: the September page below).
    expect(await duckdbRows(`SELECT CAST(CAST(max(line_item_usage_end_date) AS DATE) - INTERVAL 1 DAY AS DATE) AS horizon FROM read_parquet($file)
      WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`, { file: REAL_NOV_2018 }))
      .toEqual([{ horizon: '2018-11-30' }]);
    const cli = (await costlens(db, 'commitments', '--period', '2018-11')).stdout.split('\n');
    // They read "…after 30 Sep 2024, the data horizon." and "Purchase advice (look-back …", the horizon of a header saying "data horizon 2018-11-30".
    expect(cli[4]).toBe('No commitment ends within the expiry windows after 30 Sep 2024, the store\'s latest data (the period shown ends on 30 Nov 2018).');
    expect(cli[5]).toBe('Purchase advice, from the store\'s latest data (look-back 1–30 Sep 2024, 720 hours; hourly on-demand EC2 instance and Fargate lines of the bill; '
      + 'daily lines spread evenly over their 24 hours; Lambda left out):');
    const text = (html: string, re: RegExp) => textOf(re.exec(html)![1]);
    const november = await (await page(app, '/commitments?period=2018-11')).text();
    // It read "(data through 30 Sep 2024, the data horizon)" and "Expiry (data horizon 30 Sep 2024)"; then "the data of aws/836060457634)" where the command says "…, its source".
    expect(text(november, /<p[^>]* id="period-days"[^>]*>([^]*?)<\/p>/)).toBe('Billing period 2018-11: 1–30 Nov 2018, complete (data through 30 Nov 2018, the data of aws/836060457634, its source).');
    expect(text(november, /<h2>(Expiry[^]*?)<\/h2>/)).toBe('Expiry (after 30 Sep 2024, the store\'s latest data)');
    expect(text(november, /<p id="expiring-none">([^]*?)<\/p>/)).toBe(cli[4]);
    // The advice's look-back, 1–30 Sep 2024, holds 17.1780842640 of eligible on-demand spend (by DuckDB on the FOCUS sample: on-demand EC2 instance hours and Fargate lines of at most a day).
    const [eligible] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38, 10))) AS VARCHAR) AS cost FROM read_csv($focus, nullstr = 'NULL', all_varchar = true)
      WHERE ChargeCategory = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL
        AND CAST(ChargePeriodStart AS TIMESTAMP) >= TIMESTAMP '2024-09-01' AND CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-10-01'
        AND CAST(ChargePeriodEnd AS TIMESTAMP) <= CAST(ChargePeriodStart AS TIMESTAMP) + INTERVAL 1 DAY
        AND (ServiceName = 'Amazon Elastic Compute Cloud' AND ChargeDescription LIKE '%Instance Hour%' OR ChargeDescription LIKE 'AWS Fargate%')`, { focus: REAL_FOCUS });
    expect(eligible.cost).toBe('17.1780842640');
    const lookback = 'look-back 1–30 Sep 2024, 720 hours ($17.18 of eligible on-demand spend): hourly on-demand EC2 instance and Fargate lines of the bill; daily lines spread evenly over their 24 hours; Lambda left out.';
    expect(text(november, /<p id="advice-lookback">([^]*?)<\/p>/)).toBe(`From the store's latest data: ${lookback}`);
    // The latest delivery's period reads as before.
    const september = await (await page(app, '/commitments?period=2024-09')).text();
    expect(text(september, /<p[^>]* id="period-days"[^>]*>([^]*?)<\/p>/)).toBe('Billing period 2024-09: 1–30 Sep 2024, complete (data through 30 Sep 2024, the data horizon).');
    expect(text(september, /<h2>(Expiry[^]*?)<\/h2>/)).toBe('Expiry (data horizon 30 Sep 2024)');
    expect(text(september, /<p id="advice-lookback">([^]*?)<\/p>/)).toBe(`L${lookback.slice(1)}`);
  });

  it('the expiry sentence of days judged on an earlier delivery: a range, or a period its data does not complete, names where the days shown end; the store\'s latest data, or one delivery, reads as before', () => {
    const earlier = { horizon: '2024-09-30', periodData: { horizon: '2023-11-13' }, expiring: [] };
    expect(expiringHeadline({ ...earlier, days: { last: '2023-11-13', complete: false } }, 'period'))
      .toBe('No commitment ends within the expiry windows after 30 Sep 2024, the store\'s latest data (the days shown end on 13 Nov 2023).');
    const range = { ...earlier, periodData: { horizon: '2018-11-30' }, days: { last: '2018-11-19', complete: true }, expiring: [{ windowDays: 30 }, { windowDays: 90 }] };
    expect(expiringHeadline(range, 'range')).toBe('2 commitments end within 90 days of 30 Sep 2024, the store\'s latest data (the days shown end on 19 Nov 2018):');
    // The kind is the caller's to say, not guessed from a label: the same days of a complete billing period end the period shown.
    expect(expiringHeadline(range, 'period')).toBe('2 commitments end within 90 days of 30 Sep 2024, the store\'s latest data (the period shown ends on 19 Nov 2018):');
    expect(expiringHeadline({ ...earlier, periodData: { horizon: '2024-09-30' }, days: { last: '2024-09-30', complete: true } }, 'period'))
      .toBe('No commitment ends within the expiry windows after 30 Sep 2024, the data horizon.');
    expect(expiringHeadline({ horizon: '2018-11-30', days: { last: '2018-11-30', complete: true }, expiring: [] }, 'period'))
      .toBe('No commitment ends within the expiry windows after 30 Nov 2018, the data horizon.');
  });

  it('October 2018: each RI\'s purchased, used and unused hours and the coverage gaps\' eligible hours as `costlens commitments` writes them, two decimals at most with the unit, as DuckDB reads the Parquet', async () => {
    const html = await (await page(app, '/commitments?period=2018-10')).text();
    const cells = (id: string, from: number, to: number) => {
      const table = new RegExp(`<table id="${id}"[^]*?</table>`).exec(html)![0];
      return [...table.matchAll(/<tr data-(?:arn|key)="([^"]*)">([^]*?)<\/tr>/g)]
        .map((m) => [m[1], ...[...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].slice(from, to).map((c) => c[1].trim())]);
    };
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, printf('%.2f', round(line_item_usage_amount, 2)) AS purchased,
        printf('%.2f', round(line_item_usage_amount - reservation_unused_quantity, 2)) AS used, printf('%.2f', round(reservation_unused_quantity, 2)) AS unused
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_OCT_2018 });
    expect(cells('commitments', 4, 7).sort((a, b) => codePointOrder(a[0], b[0]))).toEqual(onFile.map((r) => [r.arn, hoursShown(r.purchased!), hoursShown(r.used!), hoursShown(r.unused!)]));
    // The Windows t2.micro RI bought on 9 October: 530.320278 hours, 195 used (it showed "530.320,278" and "335.320,278": thousands separators in the fraction).
    expect(cells('commitments', 4, 7).find((r) => r[0].includes('/2dbc59ec-'))!.slice(1)).toEqual(['530.32 h', '195 h', '335.32 h']);
    const eligible = await duckdbRows(`SELECT line_item_usage_account_id AS account, printf('%.2f', round(sum(line_item_usage_amount), 2)) AS hours
      FROM read_parquet($file) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
      GROUP BY 1 ORDER BY 1`, { file: REAL_OCT_2018 });
    expect(eligible.map((r) => [r.account, r.hours])).toEqual([['011254002932', '2673.77'], ['836060457634', '14226.21']]);
    // It showed "2,673.766,388" and "14,226.21,417".
    expect(cells('coverage-by-account', 1, 2).sort((a, b) => codePointOrder(a[0], b[0]))).toEqual(eligible.map((r) => [r.account, hoursShown(r.hours!)]));
  });

  it('September 2024 (FOCUS): no commitment states its end, so no rows for the chart and a sentence in its place', async () => {
    expect((await chart('2024-09')).data.values).toEqual([]);
    const html = await (await page(app, '/commitments?period=2024-09')).text();
    expect(html).not.toContain('data-chart="commitments_expiry"');
    expect(html).toContain('<p id="expiry-unstated">The bill states no term end for any of the 2 commitments of 2024-09 (FOCUS data carries none; a CUR states it in its reservation and Savings Plan end times), so there is no expiry timeline.</p>');
    // The commitments themselves are still listed, with no end.
    expect(html.match(/<tr data-arn="arn:aws:savingsplans::[^"]+">/g)).toHaveLength(2);
  });
});

describe('the commitments of September 2024 (FOCUS), whose purchase no line states: their unused cost is "not stated", never $0.00', () => {
  let app: CostlensApp;
  beforeAll(async () => {
    app = appOn(await cachedStore(EVERY_REAL_FILE));
  });
  afterAll(() => app?.close());

  const html = (path: string) => pageHtml(app, path);

  it('Commitments, 2024-09: the command\'s sentence on the Savings Plans whose purchase no line states; their unused cost "not stated" and "–", never $0.00, and no chart of it', async () => {
    const body = await html('/commitments?period=2024-09');
    expect([...body.matchAll(/<p class="note unstated-purchase">([^]*?)<\/p>/g)].map((m) => textOf(m[1]))).toEqual([
      "2 Savings Plans show no purchased, used or utilisation: no line of theirs in the store states their commitment in the period; that takes their SavingsPlanRecurringFee lines (a CUR's TotalCommitmentToDate and UsedCommitment), or, in FOCUS, CommitmentDiscountQuantity on their Used and Unused rows (FOCUS 1.2).",
    ]);
    expect(cardOf(body, 'commitments-unused')).toEqual(['', 'not stated', '0 Reserved Instances, 2 Savings Plans: no line states what they bought (below)']);
    expect(cardOf(body, 'commitments-utilisation')).toEqual(['', '–', 'no RIs; Savings Plans –']);
    const unusedCells = [...body.matchAll(/<tr data-arn="arn:aws:savingsplans[^"]*">[^]*?(<td[^>]*>[^<]*<\/td>)\s*<\/tr>/g)].map((m) => m[1]);
    expect(unusedCells).toEqual(['<td data-value="">–</td>', '<td data-value="">–</td>']);
    expect(body).not.toContain('data-chart="commitments_unused"');
    expect(textById(body, 'p', 'unused-unstated')).toBe('No commitment of 2024-09 states what it bought (the note above), so there is no unused commitment cost to chart.');
    // The API the chart reads gives null as `costlens commitments --format json` does (it gave 0.0000000000 and 0.00).
    const api = await (await app.request('/api/analyses/commitments/by_commitment?period=2024-09')).json() as { rows: Record<string, string | null>[] };
    expect(api.rows.map((r) => [r.arn, r.unused_cost, r.unused_cost_shown])).toEqual([
      ['arn:aws:savingsplans::365499461711:savingsplan/37985e61-4fcb-4023-9dd7-e524c80342a2', null, null],
      ['arn:aws:savingsplans::961082193871:savingsplan/493f5705-db1c-4867-8e5c-ee9a66fa6d3f', null, null],
    ]);
    // (Where fee lines state the purchase, as the demo's, the card, table and chart keep their figures: kpi-commitments-sums.test.ts, commitments-browser.test.ts.)
    // With some commitments stating their purchase and some not, the chart's caption says the others' unused cost is not stated (the API gives null);
    // it said "their $0.00 is not a measured unused cost".
    expect([unusedChartCaption('2024-09', 1, 3), unusedChartCaption('2024-09', 2, 3), unusedChartCaption('2024-09', 0, 3)]).toEqual([
      'Unused commitment cost by commitment, 2024-09; 1 of 3 states no purchase, so its unused cost is not stated and not drawn',
      'Unused commitment cost by commitment, 2024-09; 2 of 3 state no purchase, so their unused cost is not stated and not drawn',
      'Unused commitment cost by commitment, 2024-09',
    ]);
  });


  it('Commitments, 2024-09: the effective savings rate\'s amortised cost says it counts no unused commitment, none being stated (it read "incl. unused commitment $16.00" under "not stated"), in the command and on the card alike', async () => {
    // By SQL on the file: the EffectiveCost of the usage a commitment could cover (EC2 instance hours, not Spot) or did (the Savings Plans\' Used rows,
    // at EffectiveCost 0, the sample stating no amortised rate on them): 16.00, the amortised cost the rate counts; no unused commitment is stated.
    const [eligible] = await duckdbRows(`SELECT CAST(sum(CAST(EffectiveCost AS DECIMAL(38, 10))) AS VARCHAR) AS effective,
        CAST(sum(CAST(EffectiveCost AS DECIMAL(38, 10))) FILTER (WHERE CommitmentDiscountStatus = 'Used') AS VARCHAR) AS covered
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true) WHERE ProviderName = 'AWS' AND ChargeCategory = 'Usage'
        AND (CommitmentDiscountStatus = 'Used' OR ServiceName = 'Amazon Elastic Compute Cloud' AND ResourceType = 'instance' AND ConsumedUnit = 'Hours' AND PricingCategory <> 'Dynamic')`,
    { file: REAL_FOCUS });
    expect(eligible).toEqual({ effective: '16.0000000000', covered: '0.0000000000' });
    const words = "amortised cost $16.00, the eligible usage's EffectiveCost alone: no unused commitment counted, as none is stated";
    const cli = await costlens(await cachedStore(EVERY_REAL_FILE), 'commitments', '--period', '2024-09');
    expect(cli.stdout).toContain(`  unused commitment cost not stated;`);
    expect(cli.stdout).toContain(`  effective savings rate 7.80 % (on-demand equivalent $17.35, ${words})\n`);
    expect(cardOf(await html('/commitments?period=2024-09'), 'commitments-esr')).toEqual(['7.8', '7.80%', `on-demand equivalent $17.35, ${words}`]);
    // Where some commitments state their unused cost and some do not, the words say how many it leaves out; where all do, as before.
    const report = (unusedCost: string | null, ...unused: (string | null)[]) => ({ amortisedCost: '12248.2788086350', unusedCost, commitments: unused.map((u) => ({ unusedCost: u })) });
    expect([amortisedCostWords(report('229.4259287760', '229.4259287760', null), dollarsText), amortisedCostWords(report('229.4259287760', '229.4259287760', '0'), dollarsText)]).toEqual([
      'amortised cost incl. unused commitment $12,248.28, not counting 1 commitment whose unused cost is not stated',
      'amortised cost incl. unused commitment $12,248.28',
    ]);
  });


  it('the weekly e-mail\'s commitments section, 2024-09: utilisation and unused commitment "not stated", and why, as `costlens commitments` says it (it printed "– of their cost used (RIs – of hours, Savings Plans – of commitment)")', async () => {
    const config = parseConfig({});
    const section = await withEngine(await cachedStore(EVERY_REAL_FILE), async (engine) => commitmentsLayoutSection(
      await buildCommitmentsSection(engine, { commitments: config.commitments, attribution: config.attribution, teamTagKey: 'team' }, 'finance', '2024-09')));
    const why = '2 Savings Plans show no purchased, used or utilisation: no line of theirs in the store states their commitment in the period; '
      + 'that takes their SavingsPlanRecurringFee lines (a CUR\'s TotalCommitmentToDate and UsedCommitment), or, in FOCUS, CommitmentDiscountQuantity on their Used and Unused rows (FOCUS 1.2)';
    expect(section.paragraphs.slice(0, 2)).toEqual([
      'Billing period 2024-09 (1–30 Sep 2024): 0 Reserved Instances and 2 Savings Plans, utilisation and unused commitment not stated.',
      `${why}.`,
    ]);
    expect(section.paragraphs.join('\n')).not.toMatch(/(^|[ (])–( |$)/m);
    const cli = await costlens(await cachedStore(EVERY_REAL_FILE), 'commitments', '--period', '2024-09');
    expect(cli.stdout).toContain('  unused commitment cost not stated;');
    expect(cli.stdout).toContain(`\n  ${why}\n`);
    // The same section where the figures are known: a kind the period has none of is "no RIs", not "RIs – of hours".
    const model = await withEngine(await cachedStore(EVERY_REAL_FILE), async (engine) =>
      buildCommitmentsSection(engine, { commitments: config.commitments, attribution: config.attribution, teamTagKey: 'team' }, 'finance', '2024-09'));
    const r = model.report;
    const stated = { ...r, utilisationPercent: 50, unusedCost: '1.5', savingsPlans: { ...r.savingsPlans, utilisationPercent: 50 }, commitments: r.commitments.map((c) => ({ ...c, purchased: '3' })) };
    expect(commitmentsLayoutSection({ ...model, report: stated }).paragraphs[0])
      .toBe('Billing period 2024-09 (1–30 Sep 2024): 0 Reserved Instances and 2 Savings Plans, 50.00% of their cost used (no RIs, Savings Plans 50.00% of commitment); unused commitment $1.50.');
  });

});
