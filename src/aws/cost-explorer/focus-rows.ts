/**
 * Cost Explorer results as FOCUS rows: one row per day and group, BilledCost = UnblendedCost,
 * EffectiveCost = AmortizedCost, the groups as ServiceName / SubAccountId / RegionId /
 * x_UsageType / Tags, amounts kept as the exact decimal strings AWS returned.
 */
import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { CostlensError } from '../../errors.ts';
import type { CeQuery } from './fetch.ts';
import { nextMonthStart } from '../../lib/calendar.ts';

/** The header of the FOCUS CSV a Cost Explorer pull writes. */
export const CE_FOCUS_HEADER = [
  'BillingAccountId', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'BilledCost', 'EffectiveCost', 'BillingCurrency', 'ProviderName', 'PublisherName', 'InvoiceIssuerName',
  'ChargeDescription', 'ServiceName', 'SubAccountId', 'RegionId', 'x_UsageType', 'Tags', 'x_SourceFormat',
] as const;

type Row = Record<(typeof CE_FOCUS_HEADER)[number], string>;

const GROUP_COLUMNS: Record<string, keyof Row> = { SERVICE: 'ServiceName', LINKED_ACCOUNT: 'SubAccountId', REGION: 'RegionId', USAGE_TYPE: 'x_UsageType' };

/** A decimal string as AWS sent it; exponent forms are expanded so DuckDB reads them exactly. */
function amount(value: string | undefined, where: string): string {
  if (value === undefined || value === '') return '0';
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new CostlensError('input', `Cost Explorer returned "${value}" as an amount (${where})`);
  return n.toFixed(10);
}

const isoStart = (date: string) => `${date}T00:00:00Z`;

/** Converts results to FOCUS rows (in the header's column order), grouped by month YYYY-MM. */
export function costExplorerRows(results: ResultByTime[], query: CeQuery, billingAccountId: string): Map<string, string[][]> {
  const byMonth = new Map<string, string[][]>();
  const [billedMetric, effectiveMetric] = ['UnblendedCost', 'AmortizedCost'];
  for (const result of results) {
    const start = result.TimePeriod?.Start;
    const end = result.TimePeriod?.End;
    if (!start || !end) continue;
    const month = start.slice(0, 7);
    const base: Row = {
      BillingAccountId: billingAccountId, BillingPeriodStart: isoStart(`${month}-01`), BillingPeriodEnd: isoStart(nextMonthStart(start)),
      ChargePeriodStart: isoStart(start), ChargePeriodEnd: isoStart(end), BilledCost: '0', EffectiveCost: '', BillingCurrency: '',
      ProviderName: 'AWS', PublisherName: 'AWS', InvoiceIssuerName: 'AWS', ChargeDescription: 'AWS Cost Explorer daily cost',
      ServiceName: '', SubAccountId: '', RegionId: '', x_UsageType: '', Tags: '{}', x_SourceFormat: 'cost-explorer',
    };
    const groups = result.Groups?.length ? result.Groups : query.groupBy.length ? [] : [{ Keys: [], Metrics: result.Total }];
    for (const group of groups) {
      const row: Row = { ...base };
      const tags: Record<string, string> = {};
      query.groupBy.forEach((g, i) => {
        const key = group.Keys?.[i] ?? '';
        if (g.startsWith('TAG:')) {
          const value = key.slice(key.indexOf('$') + 1);
          if (value !== '') tags[g.slice(4)] = value;
        } else {
          row[GROUP_COLUMNS[g]] = key === 'NoDimension' ? '' : key;
        }
      });
      row.Tags = JSON.stringify(tags);
      const billed = group.Metrics?.[billedMetric];
      row.BilledCost = amount(billed?.Amount, `${start} ${group.Keys?.join('/') ?? ''}`);
      row.BillingCurrency = billed?.Unit ?? '';
      row.EffectiveCost = query.metrics.includes(effectiveMetric)
        ? amount(group.Metrics?.[effectiveMetric]?.Amount, `${start} ${group.Keys?.join('/') ?? ''}`)
        : row.BilledCost;
      if (!byMonth.has(month)) byMonth.set(month, []);
      byMonth.get(month)!.push(CE_FOCUS_HEADER.map((c) => row[c]));
    }
  }
  return byMonth;
}
