/**
 * Storage and Data transfer beside a delivery that has ended inside a month (the real CUR of Oct 2018, its
 * Nov 2018 cut after 13 Nov, beside the FOCUS sample moved to Nov 2018: tests/helpers/ended-delivery-files.ts).
 * The store holds every day of November, but the CUR's data ends on 13 Nov, so November is not a whole month
 * of its lines (SourceSpans.endedIn, the rule `status` and `explain` judge it by):
 * - Storage called Nov 2018's $117.08 "1–30 Nov 2018" and captioned its chart "Every bar is a whole month.";
 * - Data transfer compared 1–30 Nov with 1–30 Oct as "equal spans of complete charge days", and read November
 *   "not classified", "this month's lines carry no usage type", though the CUR's 17,028 transfer lines of
 *   November carry one (they cost $0.00): only the FOCUS export's 941 lines have none.
 * Storage's table headed November "Nov 2018", as a whole month. Data transfer compares its spans as the Overview does
 * beside a delivery that has ended (src/analyze/ended-comparison.ts): October holds only the CUR's data here, so
 * it is not compared, saying why; beside the 2018 CURs whole and the FOCUS sample moved to October (a delivery that has
 * ended on 29 Oct 2018) it is compared without the FOCUS lines, where it read "not compared", and October's 940 FOCUS lines
 * without a usage type are said to be left out with them, where they read "Not classified: … none of them is in its figures",
 * as if the compared figures lacked them.
 * Figures by DuckDB on the source files.
 */
import { describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { leftOutWithoutTypeNote } from '../../src/server/features/data-transfer/ended-comparison.ts';
import type { UsageWithoutType } from '../../src/analyze/usage-without-type.ts';
import { curCutBesideFocus2018, cursBesideFocusOctober2018Store } from '../helpers/ended-delivery-files.ts';
import { cents, usd } from '../helpers/shown-cents-rule.ts';
import { appPerDescribe } from '../server/helpers.ts';
import { cardOf, pageHtml, storageMonthHeadings, textById } from '../server/real-files-pages.ts';

/** A page's monthly chart caption. */
const captionOf = (html: string, name: string) => new RegExp(`data-chart="${name}" data-params="[^"]*" role="img" aria-label="([^"]*)"`).exec(html)?.[1];
/** The month a delivery that has ended stops inside, in the page's lines (`storage`, `data transfer`), as the days line, the cards, the caption and the chart's tooltip say it. */
const notWhole = (lines: string) => `Nov 2018 is not a whole month of the ${lines} lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)`;
const NOT_WHOLE = `${notWhole('storage')}.`;

/** The CURs' usage lines (line types of usage) of the charge days from $from to $to (both included), from both files. */
const CUR_USAGE = `SELECT line_item_usage_type AS u, line_item_product_code AS p, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS c, line_item_usage_amount AS q
  FROM read_parquet([$oct, $cut]) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation')
    AND CAST(line_item_usage_start_date AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;

/** The CURs' usage lines (CUR_USAGE's u: usage type) that data_transfer's queries classify as transfer. */
const TRANSFER = `u LIKE '%DataTransfer%' OR u LIKE '%-AWS-Out-Bytes' OR u LIKE '%-AWS-In-Bytes' OR u LIKE '%NatGateway-Bytes' OR u LIKE '%TransitGateway-Bytes' OR u LIKE '%VpcEndpoint-Bytes'`;

describe('Storage and Data transfer in a month a delivery that has ended stops inside (the CUR to 13 Nov 2018, FOCUS to 30 Nov)', () => {
  let files: { cut: string; focus: string };
  const cut = appPerDescribe(async () => {
    files = await curCutBesideFocus2018();
    return cachedStore([[REAL_OCT_2018, files.cut, files.focus]]);
  }, 300_000);

  it('Storage: November\'s $117.08 (the CUR\'s 13 days) is said not to be a whole month, in the days line, its card and the chart caption (it read "Every bar is a whole month.")', async () => {
    // The CUR's storage usage of 1–13 Nov (EBS volumes, RDS storage, backup and PIOPS, S3 TimedStorage), as storage_lines.cte.sql classifies it.
    const [storage] = await duckdbRows(`SELECT CAST(sum(c) AS VARCHAR) AS cost FROM (${CUR_USAGE}) WHERE (p = 'AmazonS3' AND u LIKE '%TimedStorage%') OR u LIKE '%EBS:VolumeUsage%'
      OR u LIKE '%EBS:VolumeP-%' OR u LIKE '%EBS:Snapshot%' OR (p = 'AmazonRDS' AND (u LIKE '%Storage%' OR u LIKE '%BackupUsage%' OR u LIKE '%PIOPS') AND u NOT LIKE '%StorageIOUsage%')`,
    { oct: REAL_OCT_2018, cut: files.cut, from: '2018-11-01', to: '2018-11-30' });
    expect(storage.cost).toBe('117.0792462885');
    const html = await pageHtml(cut.app, '/storage?months=3');
    expect(textById(html, 'span', 'storage-ended')).toBe(NOT_WHOLE);
    expect(cardOf(html, 'storage-latest')).toEqual([storage.cost, '$117.08', `1–30 Nov 2018; not counting 941 AWS usage lines without a usage type, billed $20.62; ${notWhole('storage')}`]);
    expect(captionOf(html, 'storage_cost_by_class')).toBe(`Monthly storage billed cost by service, 1 Oct – 30 Nov 2018. ${NOT_WHOLE}`);
    // The table's November column says so under its name (it read "Nov 2018", as October does).
    expect(storageMonthHeadings(html)).toEqual(['Oct 2018', 'Nov 2018 not a whole month']);
  });

  it('Data transfer: November reads the CUR\'s 17,028 transfer lines ($0.00, 1.314091 GB), not "not classified"; it is not compared with October, which holds only the CUR\'s data, saying why (it said "equal spans of complete charge days")', async () => {
    const transfer = `SELECT CAST(count(*) AS VARCHAR) AS lines, CAST(sum(c) AS VARCHAR) AS cost, CAST(round(sum(q), 6) AS VARCHAR) AS gb FROM (${CUR_USAGE})
      WHERE ${TRANSFER}`;
    const [nov] = await duckdbRows(transfer, { oct: REAL_OCT_2018, cut: files.cut, from: '2018-11-01', to: '2018-11-30' });
    const [oct] = await duckdbRows(transfer, { oct: REAL_OCT_2018, cut: files.cut, from: '2018-10-01', to: '2018-10-30' });
    expect([nov, oct]).toEqual([{ lines: '17028', cost: '0.0000000000', gb: '1.314091' }, { lines: '36363', cost: '0.0125887946', gb: '2.710937' }]);
    const html = await pageHtml(cut.app, '/data-transfer');
    expect(html).toContain('<strong>1–30 Oct 2018</strong>, billed cost, usage lines only.');
    expect(textById(html, 'span', 'transfer-ended')).toBe('Not compared: 1–30 Oct 2018 holds the data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018), '
      + 'and the other deliveries\' data begins on 1 Nov 2018, after its first day, so its end would read as a drop in spend.');
    expect(cardOf(html, 'transfer-current')).toEqual([nov.cost, '$0.00', '1–30 Nov 2018: 1.31 GB billed; not counting 941 AWS usage lines without a usage type, billed $20.62']);
    expect(cardOf(html, 'transfer-previous')).toEqual([oct.cost, '$0.01', '1–30 Oct 2018: 2.71 GB billed']);
    expect(cardOf(html, 'transfer-change')).toEqual(['', 'not compared', 'a delivery that has ended (above)']);
    // The total row's GB of November: the CUR's, classified (it read "not classified").
    expect(/<tr data-type="total">[^]*?<\/tr>/.exec(html)![0].match(/data-value="([^"]*)"/g)).toEqual([nov.cost, oct.cost, '', '', nov.gb, oct.gb].map((v) => `data-value="${v}"`));
    expect(captionOf(html, 'data_transfer_by_type')).toBe(`Monthly data transfer billed cost by type, 1 Oct – 30 Nov 2018. ${notWhole('data transfer')}.`);
  });
});

describe('Data transfer beside the FOCUS sample moved to October 2018 (a delivery that has ended on 29 Oct 2018) and the 2018 CURs whole', () => {
  let focusFile = '';
  const store = appPerDescribe(async () => {
    const built = await cursBesideFocusOctober2018Store();
    focusFile = built.focus;
    return built.db;
  }, 300_000);
  const FOCUS = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

  it('as of 30 Nov: 1–30 Nov against 1–30 Oct compared without the FOCUS lines, the CUR\'s data covering both, the CUR\'s transfer alone (it read "not compared")', async () => {
    const transfer = `SELECT CAST(sum(c) AS VARCHAR) AS cost, CAST(round(sum(q), 6) AS VARCHAR) AS gb FROM (${CUR_USAGE})
      WHERE ${TRANSFER}`;
    const [nov] = await duckdbRows(transfer, { oct: REAL_OCT_2018, cut: REAL_NOV_2018, from: '2018-11-01', to: '2018-11-30' });
    const [oct] = await duckdbRows(transfer, { oct: REAL_OCT_2018, cut: REAL_NOV_2018, from: '2018-10-01', to: '2018-10-30' });
    const [change] = await duckdbRows('SELECT CAST(CAST($nov AS DECIMAL(38,10)) - CAST($oct AS DECIMAL(38,10)) AS VARCHAR) AS exact, CAST(round(100 * (CAST($nov AS DOUBLE) - CAST($oct AS DOUBLE)) / CAST($oct AS DOUBLE), 2) AS VARCHAR) AS pct',
      { nov: nov.cost!, oct: oct.cost! });
    expect([nov, oct, change]).toEqual([{ cost: '0.0049764299', gb: '6.775964' }, { cost: '0.0125887946', gb: '2.710937' }, { exact: '-0.0076123647', pct: '-60.47' }]);
    const html = await pageHtml(store.app, '/data-transfer');
    expect(html).toContain('<strong>1–30 Oct 2018</strong> (equal spans of complete charge days), billed cost, usage lines only.');
    // The FOCUS lines carry no usage type (a FOCUS 1.0 export has none): none is data transfer, so leaving them out leaves out $0.00.
    expect(textById(html, 'span', 'transfer-ended')).toBe(`Usage is compared without the lines of ${FOCUS}, a delivery that has ended (its data ends on 29 Oct 2018): `
      + '$0.00 left out of 1–30 Oct 2018, so that its end does not read as a drop in spend.');
    expect(cardOf(html, 'transfer-current')).toEqual([nov.cost, usd(cents(nov.cost!)), '1–30 Nov 2018: 6.78 GB billed']);
    expect(cardOf(html, 'transfer-change')).toEqual([change.exact, usd(cents(nov.cost!) - cents(oct.cost!), true), `${change.pct!.replace("-", "−")}% on the same days`]);
    expect(/<tr data-type="total">[^]*?<\/tr>/.exec(html)![0].match(/data-value="([^"]*)"/g)).toEqual([nov.cost, oct.cost, change.exact, change.pct, nov.gb, oct.gb].map((v) => `data-value="${v}"`));
  });

  it('October\'s 940 AWS usage lines without a usage type are the FOCUS lines left out of the comparison, said so, not "Not classified … none of them is in its figures" beside the compared figures', async () => {
    // By DuckDB on the files: the FOCUS file's AWS usage lines of 1–30 Oct 2018 (none carries a usage type: FOCUS 1.0 has no such column), and the CURs' usage lines without one (none).
    const [focus] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS lines, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed, CAST(sum(CAST(EffectiveCost AS DECIMAL(38,10))) AS VARCHAR) AS effective
      FROM read_parquet($focus) WHERE ProviderName = 'AWS' AND ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring'
        AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY AND ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-10-31'`, { focus: focusFile });
    const [cur] = await duckdbRows(`SELECT CAST(count(*) FILTER (WHERE coalesce(u, '') = '') AS VARCHAR) AS without_type, CAST(sum(c) FILTER (WHERE ${TRANSFER}) AS VARCHAR) AS transfer FROM (${CUR_USAGE})`,
      { oct: REAL_OCT_2018, cut: REAL_NOV_2018, from: '2018-10-01', to: '2018-10-30' });
    expect([focus, cur]).toEqual([{ lines: '940', billed: '20.6203386184', effective: '16.0000000000' }, { without_type: '0', transfer: '0.0125887946' }]);
    const note = (html: string) => textById(html, 'p', 'transfer-before-left-out');
    const html = await pageHtml(store.app, '/data-transfer');
    expect(note(html)).toBe(`Not classified, nor compared: 940 AWS usage lines of 1–30 Oct 2018 without a usage type, billed ${usd(cents(focus.billed!))}, are lines of the delivery `
      + 'that has ended (above), left out of the comparison with the rest of its lines; every line compared carries one.');
    expect(note(await pageHtml(store.app, '/data-transfer?cost=effective'))).toContain(`without a usage type, EffectiveCost ${usd(cents(focus.effective!))}, are lines of the delivery`);
    // It read "Not classified: 940 AWS usage lines charged from 2018-10-01 to 2018-10-30 (…) carry no usage type (…), so the Data transfer page cannot tell their transfer
    // (…) from their other usage: none of them is in its figures." and the card "…; not counting 940 AWS usage lines without a usage type, billed $20.62".
    expect(html).not.toContain('id="transfer-before-not-classified"');
    expect(html).not.toContain('id="transfer-left-out"');
    expect(cardOf(html, 'transfer-previous')).toEqual([cur.transfer, usd(cents(cur.transfer!)), '1–30 Oct 2018: 2.71 GB billed']);
  });
});

describe('the note of the lines without a usage type left out with a delivery that has ended, beside lines compared without one', () => {
  const compared = { lines: 3 } as UsageWithoutType;
  const text = (note: unknown) => String(note).replace(/<[^>]*>/g, '');

  it('"Another …" after the note of the lines compared, in the page\'s cost; one line "is a line"; none left out, no note', () => {
    const leftOut = { lines: 12, billedCost: '1.0049000000', effectiveCost: '0.9950000000' };
    expect(text(leftOutWithoutTypeNote('n', { compared, leftOut }, '1–30 Oct 2018', 'billed'))).toBe('Another 12 AWS usage lines of 1–30 Oct 2018 without a usage type, billed $1.00, '
      + 'are lines of the delivery that has ended (above), left out of the comparison with the rest of its lines.');
    expect(text(leftOutWithoutTypeNote('n', { compared: null, leftOut: { ...leftOut, lines: 1 } }, '1–7 Oct 2018', 'effective'))).toBe('Not classified, nor compared: 1 AWS usage line of '
      + '1–7 Oct 2018 without a usage type, EffectiveCost $1.00, is a line of the delivery that has ended (above), left out of the comparison with the rest of its lines; every line compared carries one.');
    expect(leftOutWithoutTypeNote('n', { compared, leftOut: null }, '1–30 Oct 2018', 'billed')).toBe('');
  });
});
