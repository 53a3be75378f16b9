/**
 * `forecast --format csv` names the deliveries left out of the run-rate as its JSON does: one delivery's sources
 * joined by ", " (the JSON's `source`), deliveries separated by "; " as every CSV list cell is (src/lib/csv.ts
 * csvListCell). It joined every source with " ", so the FOCUS sample's three sources, one delivery, read as
 * "aws/1234567890123 microsoft//… oracle/20209880" beside the JSON's "aws/1234567890123, microsoft//…, oracle/20209880".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { endedSourceColumns } from '../../src/cli/forecast-ended.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { cursBesideFocusOctober2018Store } from '../helpers/ended-delivery-files.ts';

const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

describe('forecast of Nov 2018 beside the FOCUS sample moved to October 2018, a delivery that ends on 29 Oct 2018', () => {
  let focus: string;
  let db: string;
  beforeAll(async () => {
    ({ focus, db } = await cursBesideFocusOctober2018Store());
  }, 300_000);

  it('CSV ended_sources is the JSON\'s source, its three sources joined by ", "; ended_usage_actual 0.000000 (the copy holds no line charged in Nov 2018, by DuckDB)', async () => {
    // A FOCUS line's source is its provider, in lower case, and billing account (src/ingest/file-mappings.ts).
    const [file] = await duckdbRows(`SELECT string_agg(DISTINCT lower(ProviderName) || '/' || BillingAccountId, ', ' ORDER BY lower(ProviderName) || '/' || BillingAccountId) AS sources,
      CAST(count(*) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01 00:00:00') AS VARCHAR) AS in_november FROM read_parquet($file)`, { file: focus });
    expect(file).toEqual({ sources: FOCUS_SOURCES, in_november: '0' });
    const csv = parseCsvRecords((await costlens(db, 'forecast', '--as-of', '2018-11-10', '--format', 'csv')).stdout);
    const column = (name: string) => csv.slice(1).filter((r) => r.length > 1).map((r) => r[csv[0].indexOf(name)]);
    expect([column('cost'), column('ended_sources'), column('ended_usage_actual')])
      .toEqual([['BilledCost', 'EffectiveCost'], [FOCUS_SOURCES, FOCUS_SOURCES], ['0.000000', '0.000000']]);
    const json = JSON.parse((await costlens(db, 'forecast', '--as-of', '2018-11-10', '--format', 'json')).stdout) as { endedSources: unknown[] }[];
    expect(json.map((r) => r.endedSources)).toEqual([[{ source: FOCUS_SOURCES, dataEndsOn: '2018-10-29', usageActual: '0.000000' }], [{ source: FOCUS_SOURCES, dataEndsOn: '2018-10-29', usageActual: '0.000000' }]]);
  });
});

describe('endedSourceColumns: two deliveries left out', () => {
  it('are separated by "; ", each one\'s sources by ", ", their usage summed exact in the row\'s measure', () => {
    const endedSources = [
      { sources: ['aws/1234567890123', 'oracle/20209880'], lastDay: '2018-10-29', usageActual: { billed: 1_500_000_000n, effective: 1_250_000_000n } },
      { sources: ['aws/836060457634'], lastDay: '2018-11-13', usageActual: { billed: 20_000_000_001n, effective: 0n } },
    ];
    expect(endedSourceColumns({ endedSources }, { cost: 'billed' })).toEqual({ ended_sources: 'aws/1234567890123, oracle/20209880; aws/836060457634', ended_usage_actual: '2.150000' });
    expect(endedSourceColumns({ endedSources: [] }, { cost: 'billed' })).toEqual({});
  });
});
