import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One FOCUS line item of a hand-built fixture. */
export interface FixtureLine {
  /** Charge day, YYYY-MM-DD; the charge period is that whole day unless `periodEnd` is given. */
  day: string;
  service: string;
  account: string;
  billed: number | string;
  /** Default: the billed cost. */
  effective?: number | string;
  /** Charge period end (timestamp), for monthly charges. */
  periodEnd?: string;
  category?: 'Usage' | 'Purchase' | 'Tax' | 'Credit';
  frequency?: 'Usage-Based' | 'Recurring' | 'One-Time';
  tags?: Record<string, string>;
}

const HEADER = [
  'BillingAccountId', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeFrequency', 'BilledCost', 'EffectiveCost', 'ProviderName', 'ServiceName', 'SubAccountId', 'SubAccountName', 'Tags',
];

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** Writes a FOCUS 1.x CSV of the given lines (one billing account, 999999999999) and returns its path. */
export function writeFocusCsv(dir: string, name: string, lines: FixtureLine[]): string {
  const path = join(dir, name);
  writeFileSync(path, focusCsvText(lines));
  return path;
}

/** The text of the FOCUS 1.x CSV {@link writeFocusCsv} writes. */
export function focusCsvText(lines: FixtureLine[]): string {
  const rows = lines.map((l) => {
    const period = `${l.day.slice(0, 7)}-01`;
    return [
      '999999999999', 'USD', `${period} 00:00:00`, `${nextMonth(period)} 00:00:00`,
      `${l.day} 00:00:00`, l.periodEnd ?? `${nextDay(l.day)} 00:00:00`,
      l.category ?? 'Usage', l.frequency ?? 'Usage-Based', String(l.billed), String(l.effective ?? l.billed),
      'AWS', quote(l.service), l.account, quote(`Account ${l.account}`), l.tags ? quote(JSON.stringify(l.tags)) : '',
    ].join(',');
  });
  return [HEADER.join(','), ...rows].join('\n') + '\n';
}

/** Writes a business-metrics CSV (`date,metric,value`) and returns its path. */
export function writeBusinessMetrics(dir: string, rows: [string, string, number][]): string {
  const path = join(dir, 'business-metrics.csv');
  writeFileSync(path, ['date,metric,value', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}

/** Every day from `from` to `to`, both included. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}
