/**
 * The rows of queries/calendar/data_horizon_by_source.sql that tests of judging a store of several
 * deliveries per delivery (src/analyze/source-spans.ts) build on: a row maker, and the rows and span of
 * the store of the real 2018 CURs, the legacy CUR of Nov 2023 and the FOCUS sample of Sept 2024.
 */
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';

/** A row of calendar/data_horizon_by_source: a source's billing period, its file and days (first, last usage day, its end, last charge day, last usage period). */
export const row = (source: string, period: string, file: string | null, days: [string, string | null, string | null, string, string | null]) => {
  const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
  return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
};

const aws2018 = ['2018-10-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11'] as const;
const focusDays = ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09'] as const;
/** calendar/data_horizon_by_source's rows on the store of the real 2018 CURs, the legacy CUR of Nov 2023 and the FOCUS sample of Sept 2024 (file names shortened). */
export const sourceRows = [
  row('aws/123412340534', '2023-11', 'legacy.csv', ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11']),
  row('aws/1234567890123', '2024-08', 'focus-aug.csv', [...focusDays]),
  row('aws/1234567890123', '2024-09', 'focus.csv', [...focusDays]),
  row('aws/836060457634', '2018-10', 'oct.parquet', [...aws2018]),
  row('aws/836060457634', '2018-11', 'nov.parquet', [...aws2018]),
];
/** The span of that store (queries/calendar/data_horizon.sql's): its first charge day, data horizon, last charge day and last usage period. */
export const storeSpan: BillingDaySpan = { firstDay: '2018-10-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-09' };
