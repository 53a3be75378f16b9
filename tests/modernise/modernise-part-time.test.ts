/**
 * An instance that runs part of each day is priced by what it costs a day, not by its running rate
 * × 730 h, as `costlens idle` prices it: its hourly rate is the last day's instance-hour cost over
 * the day's 24 h.
 *
 * i-0evening, an m4.2xlarge (0.40 an hour on the bill), runs 8 hours a day, 16:00 to midnight,
 * 1–30 Nov 2023 (as-of 2023-12-01): 8 × 0.40 = 3.20 a day, 3.20 / 24 = 0.1333333333 an
 * hour, 0.1333333333 × 730 = 97.33 a month (the old rate, 3.20 over the 8 h its lines cover, gave
 * 0.40 × 730 = 292.00). i-0allday, the same type all day: 9.60 a day, 0.40 an hour, 292.00.
 * m4 is an older generation whose successor m6i.2xlarge lists at 0.384 against m4.2xlarge's 0.40 in
 * us-east-1 (data/ec2/instance-types.csv): the saving is the month × (1 − 0.384 / 0.40) = × 0.04,
 * 97.3333333090 × 0.04 = 3.89 and 292.00 × 0.04 = 11.68.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens } from '../helpers/cli.ts';
import { writeLegacyReport } from '../helpers/fixtures.ts';

const ACCOUNT = '111122223333';
const HEADER = 'identity/LineItemId,identity/TimeInterval,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,'
  + 'lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,'
  + 'lineItem/UsageType,lineItem/Operation,lineItem/ResourceId,lineItem/UsageAmount,lineItem/CurrencyCode,'
  + 'lineItem/UnblendedRate,lineItem/UnblendedCost,lineItem/BlendedCost,product/region';

/** A legacy CUR of November 2023: hourly m4.2xlarge lines at 0.40, each instance from hour `from` to `to` (excluded) of every day. */
function partTimeCsv(instances: { id: string; from: number; to: number }[]): string {
  const at = (d: number, h: number): string => (h === 24 ? (d === 30 ? '2023-12-01T00:00:00Z' : at(d + 1, 0)) : `2023-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`);
  const lines = [HEADER];
  for (const { id, from, to } of instances) {
    for (let d = 1; d <= 30; d++) {
      for (let h = from; h < to; h++) {
        lines.push([`${id}-${d}-${h}`, `${at(d, h)}/${at(d, h + 1)}`, ACCOUNT, '2023-11-01T00:00:00Z', '2023-12-01T00:00:00Z', ACCOUNT, 'Usage',
          at(d, h), at(d, h + 1), 'AmazonEC2', 'BoxUsage:m4.2xlarge', 'RunInstances', id, '1', 'USD', '0.4', '0.4', '0.4', 'us-east-1'].join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('modernising an instance that runs 8 hours a day', () => {
  let db: string;

  beforeAll(async () => {
    // The report folder's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    db = await cachedStoreOfFolder((dir) => writeLegacyReport(dir, { current: [partTimeCsv([{ id: 'i-0evening', from: 16, to: 24 }, { id: 'i-0allday', from: 0, to: 24 }])] }));
  });

  it('prices the evening instance at its day over 24 h (97.33 a month, saving 3.89), the all-day one at 0.40 × 730 (292.00, saving 11.68)', async () => {
    const run = await costlens(db, 'modernise', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ModerniseReport;
    expect(report.findings.map((f) => [f.resourceId, f.rule, f.target, f.hourlyRate, f.monthlyCost, f.monthlySaving])).toEqual([
      ['i-0allday', 'ec2-older-generation', 'm6i.2xlarge', '0.4000000000', '292.00', '11.68'],
      ['i-0evening', 'ec2-older-generation', 'm6i.2xlarge', '0.1333333333', '97.33', '3.89'],
    ]);
    const [allDay, evening] = report.findings;
    expect(allDay.explanation).toMatch(/^billed 24 h of BoxUsage:m4\.2xlarge on 2023-11-30 at 0\.4 an hour /);
    expect(evening.explanation).toMatch(/^billed 8 h of BoxUsage:m4\.2xlarge on 2023-11-30 \(3\.2, 0\.133333 an hour over the day's 24 h\) /);
  });
});
