/**
 * The Overview calls a billing period invoiced only when every line of it carries an InvoiceId
 * (FOCUS 1.0 has none). It learnt which periods lack one from calendar/bills_by_class, a second
 * GROUP BY over every line, beside store/periods_by_source, which counts those lines already
 * (`lines_without_invoice`) and now returns them: the page reads them there and runs no
 * calendar/bills_by_class, with the same words on the FOCUS sample ("complete") and on the real
 * 2018 CURs ("invoiced"). The counts are DuckDB's on the files.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryService } from '../../src/server/query-service.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';

type Spied = (...args: unknown[]) => Promise<unknown>;

/** The page's text without tags, spaces collapsed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

/** The Overview of `db` as of the clock's `day`: its freshness paragraph's text and the queries the page ran (DuckDB), by name. */
async function overview(db: string, day: string): Promise<{ provisional: string; ran: string[] }> {
  const app = appOn(db, { clock: () => new Date(`${day}T12:00:00Z`) });
  const execute = vi.spyOn(QueryService.prototype as unknown as Record<'execute', Spied>, 'execute');
  try {
    const html = await (await page(app, '/')).text();
    return { provisional: textOf(/<p class="(?:provisional|final)" id="provisional">([^]*?)<\/p>/.exec(html)![1]), ran: execute.mock.calls.map((c) => (c[3] as { name: string }).name) };
  } finally {
    execute.mockRestore();
    app.close();
  }
}

/** store/periods_by_source's source, billing period, rows and lines_without_invoice, as `costlens query` prints them. */
async function periods(db: string): Promise<string> {
  const run = await costlens(db, 'query', 'store/periods_by_source', '--param', 'today=2026-12-07', '--format', 'csv');
  return run.stdout.split('\r\n').filter(Boolean).map((line) => {
    const cells = line.split(',');
    return [cells[0], cells[2], cells[3], cells.at(-1)].join(',');
  }).join('\n');
}

describe('the Overview reads which billing periods lack an InvoiceId from store/periods_by_source, scanning line_items once', () => {
  let focus: string;
  let cur2018: string;
  beforeAll(async () => {
    [focus, cur2018] = await Promise.all([cachedStore([[REAL_FOCUS]]), cachedStore([[REAL_OCT_2018, REAL_NOV_2018]])]);
  }, 300_000);

  it('store/periods_by_source returns lines_without_invoice: every FOCUS line (the file has no InvoiceId), none of the 2018 CURs\' (every line carries one, by DuckDB on the files)', async () => {
    const [cur] = await duckdbRows(`SELECT CAST(count(*) FILTER (WHERE bill_invoice_id IS NULL OR bill_invoice_id = '') AS VARCHAR) AS without, CAST(count(*) AS VARCHAR) AS lines
      FROM read_parquet([$oct, $nov])`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    expect(cur).toEqual({ without: '0', lines: '243647' });
    const focusLines = await duckdbRows(`SELECT BillingAccountId AS account, CAST(count(*) AS VARCHAR) AS lines FROM read_csv($file, all_varchar = true)
      GROUP BY ProviderName, BillingAccountId, BillingPeriodStart ORDER BY BillingPeriodStart, ProviderName`, { file: REAL_FOCUS });
    expect(focusLines.map((r) => r.lines)).toEqual(['942', '51', '6', '1']);
    expect(await periods(focus)).toBe(['source,billing_period,rows,lines_without_invoice', 'aws/1234567890123,2024-09,942,942',
      'microsoft//providers/Microsoft.Billing/billingAccounts/8611537,2024-09,51,51', 'oracle/20209880,2024-09,6,6', 'oracle/20209880,2024-10,1,1'].join('\n'));
    expect(await periods(cur2018)).toBe(['source,billing_period,rows,lines_without_invoice', 'aws/836060457634,2018-10,119307,0', 'aws/836060457634,2018-11,124340,0'].join('\n'));
  });

  it('the FOCUS sample: "Of complete billing period 2024-09", as before, without calendar/bills_by_class', async () => {
    const { provisional, ran } = await overview(focus, '2025-01-01');
    expect(provisional).toBe('Provisional, will change until invoiced: 2024-10 (oracle/20209880: incomplete) . Of complete billing period 2024-09, 28–30 Sep 2024 are still treated as provisional '
      + '(drawn lighter, not judged for anomalies): costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays), though the period is complete.');
    expect(ran).toContain('store/periods_by_source');
    expect(ran).not.toContain('calendar/bills_by_class');
  });

  it('the real 2018 CURs: "Every billing period shown is invoiced", as before, without calendar/bills_by_class', async () => {
    const { provisional, ran } = await overview(cur2018, '2026-12-07');
    expect(provisional).toBe('Every billing period shown is invoiced. The last 3 complete days of its data, 28–30 Nov 2018, are still treated as provisional (drawn lighter, not judged for anomalies): '
      + 'costlens counts them back from the data horizon (anomalies.provisionalDays), whatever the invoice.');
    expect(ran).toContain('store/periods_by_source');
    expect(ran).not.toContain('calendar/bills_by_class');
  });
});
