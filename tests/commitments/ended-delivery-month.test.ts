/**
 * `costlens commitments` beside a delivery that has ended inside the month (README, "Commitments"): the Oct 2018 CUR,
 * the Nov 2018 CUR cut after 13 Nov (it holds every EC2 on-demand hour) and the FOCUS sample moved to Nov 2018 (to
 * 30 Nov). It called 2018-11 "complete" and fitted its purchase advice on 1–30 Nov, 14–30 Nov replayed without the
 * CUR's spend ("no commitment would have saved money"; the whole CUR advises $0.221/h), saying nothing of it. The month
 * is not complete, naming where the CUR stops. The advice counts from the store's latest data (README, "Commitments"),
 * which holds 14–30 Nov (a gap's days, which the store does not hold, are left out of the replay; these are not), so its
 * look-back stays 1–30 Nov, and a note says it is fitted on days where the CUR's data had stopped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { type CursBesideFocus, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';

const ENDED = 'Nov 2018 holds the data of aws/836060457634 only through 13 Nov 2018, where it ends (more than 7 days before the store\'s latest data: that delivery has ended)';
const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return { json: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('commitments on the CUR cut after 13 Nov 2018 beside the FOCUS sample moved to Nov 2018', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  it('2018-11 is not complete, naming where the CUR stops (it read "1–30 Nov 2018, complete"); the default period says so on stderr', async () => {
    const { json, stderr } = await report(db);
    expect(json.days).toEqual({ first: '2018-11-01', last: '2018-11-30', count: 30, complete: false, description: `1–30 Nov 2018, not complete: ${ENDED}` });
    expect(stderr).toBe('period 2018-11, the last month up to the data horizon, not complete (data through 30 Nov 2018, the last complete day in the store; '
      + `${ENDED}), following the store's latest data: that of ${FOCUS_SOURCES}\n`);
    const table = await costlens(db, 'commitments');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2018-11 (1–30 Nov 2018, not complete: ${ENDED}; judged on the data of ${FOCUS_SOURCES}, its sources (the store's latest)): 9 Reserved Instances, 2 Savings Plans`);
    // A range the CUR's end is inside is not complete either; one before it is, as before.
    expect((await report(db, '--from', '2018-11-01', '--to', '2018-11-20')).json.days.description).toBe(`1–19 Nov 2018, not complete: ${ENDED}`);
    expect((await report(db, '--from', '2018-11-01', '--to', '2018-11-10')).json.days).toMatchObject({ complete: true, description: '1–9 Nov 2018' });
  });

  it('the advice, fitted on 1–30 Nov as the store\'s latest data holds it, says its days from 14 Nov are where the CUR\'s data had stopped (it said nothing of it)', async () => {
    const { json } = await report(db);
    const note = '14–30 Nov 2018 hold no data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018): the advice is fitted on days where its data had stopped, '
      + 'their hours replayed without its spend, as the store\'s latest data holds them';
    expect(json.advice).toMatchObject({ lookbackFrom: '2018-11-01', lookbackTo: '2018-12-01', hours: 720 });
    expect(json.advice.notes).toEqual([note, ...['1yr', '3yr'].map((term) => `${term} Compute Savings Plan: no commitment would have saved money at ≥ 95 % utilisation over the look-back`)]);
    expect(json.recommendations).toEqual([]);
    const table = await costlens(db, 'commitments');
    expect(table.stdout).toContain(`Lambda left out):\n  ${note}\n`);
    // The eligible on-demand spend replayed, by DuckDB on the files: the cut CUR's EC2 instance hours of 1–13 Nov (BoxUsage, not Spot, no RI applied,
    // lines of at most a day) and the FOCUS export's on-demand EC2 instance hours and Fargate vCPU and memory lines of 1–30 Nov.
    const [cur] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)
      WHERE line_item_line_item_type = 'Usage' AND line_item_product_code = 'AmazonEC2' AND line_item_usage_type LIKE '%BoxUsage%' AND line_item_usage_type NOT LIKE '%SpotUsage%'
        AND line_item_usage_end_date - line_item_usage_start_date <= INTERVAL 1 DAY`, { file: files.curs[1] });
    const [focus] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)
      WHERE ChargeCategory = 'Usage' AND PricingCategory = 'Standard' AND CommitmentDiscountId IS NULL AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY
        AND (ServiceName = 'Amazon Elastic Compute Cloud' AND ResourceType = 'instance' OR lower(ChargeDescription) LIKE 'aws fargate%')`, { file: files.focus });
    expect([cur.billed, focus.billed]).toEqual(['263.4268556860', '17.1780842640']);
    expect(json.advice.eligibleOnDemandCost).toBe('280.6049399500'); // 263.4268556860 + 17.1780842640
  });
});
