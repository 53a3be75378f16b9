/**
 * A budget whose scope has no usage — AWS Support, or the Savings Plans fee — is forecast as the
 * month-end forecast treats those charges: projected usage 0, plus the recurring fees and tax the
 * month before says are still to come (budgets/forecast.ts). Before, such a budget had no forecast
 * and its forecast threshold read "not crossed", so no forecast alert could ever be sent. On the
 * shared demo (charge days 1 Sep – 14 Nov 2026), by SQL on line_items and by hand:
 *
 * - AWS Support (Business): posted once a month, on the 1st: 2,493.80 in October with 99.75 of tax
 *   (4.00 %), 1,344.29 and 53.77 of tax so far in November. Still to come: 2,493.80 − 1,344.29 =
 *   1,149.51 of fee; tax 99.75 ÷ 2,493.80 × (1,344.29 + 1,149.51) − 53.77 = 45.98. Forecast
 *   1,398.06 + 1,149.51 + 45.98 = 2,593.55, 129.7 % of 2,000.
 * - Savings Plans for AWS Compute usage: accrues daily, 58.464 a day (1,812.384 over October's
 *   31 days, 72.50 of tax), 818.496 and 32.74 of tax so far. Still to come: 16 × 58.464 = 935.424;
 *   tax 72.50 ÷ 1,812.384 × (818.496 + 935.424) − 32.74 = 37.4213. Forecast 851.236 + 935.424 +
 *   37.4213 = 1,824.08, 121.6 % of 1,500.
 *
 * A scope with no usage and nothing expected has no forecast, and its forecast threshold is not
 * judged (crossed: null) — in JSON, the table, the Overview's card and alerts alike — never "not crossed".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { overviewBudgetCard } from './overview-card.ts';

const SUPPORT = 'AWS Support (Business)';
const SP_FEE = 'Savings Plans for AWS Compute usage';
const BUDGETS = [
  { name: 'support', amount: 2000, scope: { services: [SUPPORT] } },
  { name: 'sp-fees', amount: 1500, scope: { services: [SP_FEE] } },
  { name: 'nothing', amount: 100, scope: { services: ['No Such Service'] } },
];
/** Why the days read begin before 2026-11: the forecast reads October, the month before (it said nothing of why). */
const READ_BEFORE = ': its period 2026-11 to as-of and the days before it that its forecast reads (the month before, for the recurring fees and tax it expects again, and the days its usage run-rate is fitted on)';
/** The note of a scope that names nothing the bill holds: the days read (October's reference month to the horizon), why, and how names are matched. */
const UNMATCHED = `nothing: no line item from 1 Oct to 14 Nov 2026 matches its scope (service No Such Service)${READ_BEFORE}; services are matched by ServiceName (e.g. "Amazon Elastic Compute Cloud") or product code (AmazonEC2), accounts by SubAccountId, tags as attribution reads them: costlens sql "SELECT DISTINCT ServiceName, x_ProductCode FROM line_items" lists the names the store holds.`;
const NO_FORECAST = 'no forecast: no usage in scope in the 28 days of its fit window (15 Oct – 11 Nov 2026) to project, and no recurring fees or tax expected: the month before (Oct 2026) holds no recurring fee and no tax in scope';

interface BudgetJson {
  name: string; judged: boolean; actual: string; sharePercent: number; forecast: string | null; forecastSharePercent: number | null; forecastBasis: string;
  thresholds: { id: string; crossed: boolean | null; since: string | null }[]; scopeUnmatched: { from: string; to: string; read: { from: string; to: string }; notInStore: unknown } | null;
}

/**
 * The forecast of one service's budget for November 2026 as of the 14th, by SQL from its definition:
 * November so far, plus October's fee still to come (pro rata to the 16 remaining days when it was
 * charged on 20 or more days of October, else October's amount less November's), plus October's
 * ratio of tax to the other charges times November's non-tax charges so far and still to come,
 * less November's tax posted. Also: how many usage lines the scope has in the fit window (none).
 */
async function forecastBySql(db: string, service: string): Promise<{ actual: string; forecast: string; usageLines: string }> {
  const [row] = await sqlRows(db, `WITH
    oct AS (SELECT sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax') AS tax, sum(BilledCost) FILTER (WHERE x_ChargeClass <> 'tax') AS other,
        sum(BilledCost) FILTER (WHERE x_ChargeClass = 'recurring') AS fee,
        count(DISTINCT CAST(ChargePeriodStart AS DATE)) FILTER (WHERE x_ChargeClass = 'recurring') AS fee_days
      FROM line_items WHERE ServiceName = '${service}' AND ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-11-01'),
    nov AS (SELECT sum(BilledCost) AS total, sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax') AS tax, sum(BilledCost) FILTER (WHERE x_ChargeClass = 'recurring') AS fee
      FROM line_items WHERE ServiceName = '${service}' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'),
    fees AS (SELECT CASE WHEN oct.fee_days >= 20 THEN CAST(oct.fee AS DOUBLE) / 31 * 16 ELSE greatest(0, CAST(oct.fee - nov.fee AS DOUBLE)) END AS left_ FROM oct, nov),
    tax AS (SELECT greatest(0, CAST(oct.tax AS DOUBLE) / CAST(oct.other AS DOUBLE) * (CAST(nov.total - nov.tax AS DOUBLE) + fees.left_) - CAST(nov.tax AS DOUBLE)) AS left_ FROM oct, nov, fees)
    SELECT nov.total AS actual, CAST(round(CAST(nov.total AS DOUBLE) + fees.left_ + tax.left_, 2) AS DECIMAL(18, 2)) AS forecast,
      (SELECT count(*) FROM line_items WHERE ServiceName = '${service}' AND x_ChargeClass = 'usage'
        AND ChargePeriodStart >= TIMESTAMP '2026-10-15' AND ChargePeriodStart < TIMESTAMP '2026-11-15') AS usage_lines
    FROM nov, fees, tax`);
  return { actual: row.actual!, forecast: row.forecast!, usageLines: row.usage_lines! };
}

describe('budgets whose scope has no usage: AWS Support and the Savings Plans fee, on the demo', () => {
  let db: string;
  let config: string;
  let budgets: Map<string, BudgetJson>;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    budgets = new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }, 300_000);

  it('AWS Support: forecast 2,593.55 (129.7 %), the fee and tax still to come, as SQL on the line items gives it; its forecast threshold crossed since 1 Nov', async () => {
    const sql = await forecastBySql(db, SUPPORT);
    expect(sql.usageLines).toBe('0');
    const b = budgets.get('support')!;
    expect([b.judged, b.actual, b.sharePercent, b.forecast, b.forecastSharePercent]).toEqual([true, sql.actual, 69.9, sql.forecast, 129.7]);
    expect([sql.actual, b.forecast]).toEqual(['1398.0600000000', '2593.55']);
    expect(b.forecastBasis).toBe('the actual to 2026-11-14, with no usage in scope in the 28 days of its fit window (15 Oct – 11 Nov 2026) to project over the 16 remaining days, plus the recurring fees and tax expected from the month before');
    // The fee and its tax are posted for the month, dated 1 Nov and restated as it goes: spent as of 14 Nov, not on the 1st
    // (budgets/spend-day.ts), so actual:50 stands crossed since the 14th; the forecast (October's fee and tax) since 1 Nov.
    expect(b.thresholds.map((t) => [t.id, t.crossed, t.since])).toEqual([
      ['actual:50', true, '2026-11-14'], ['actual:80', false, null], ['actual:100', false, null], ['forecast:100', true, '2026-11-01'],
    ]);
  });

  it('the Savings Plans fee: forecast 1,824.08 (121.6 %), 16 more days of the fee and their tax; its forecast threshold crossed since 1 Nov', async () => {
    const sql = await forecastBySql(db, SP_FEE);
    expect(sql.usageLines).toBe('0');
    const b = budgets.get('sp-fees')!;
    expect([b.judged, b.actual, b.sharePercent, b.forecast, b.forecastSharePercent]).toEqual([true, sql.actual, 56.7, sql.forecast, 121.6]);
    expect([sql.actual, b.forecast]).toEqual(['851.2360000000', '1824.08']);
    // 1 Nov: 58.464 spent, 29 × 58.464 to come, tax 72.50 ÷ 1,812.384 × 30 × 58.464: 1,824.08 already (the month's
    // tax, dated 1 Nov, counts as spent on the 14th). actual:50 (750): 13 × 58.464 = 760.03 on the 13th, without the tax.
    expect(b.thresholds.map((t) => [t.id, t.crossed, t.since])).toEqual([
      ['actual:50', true, '2026-11-13'], ['actual:80', false, null], ['actual:100', false, null], ['forecast:100', true, '2026-11-01'],
    ]);
  });

  it('a scope with no usage and nothing expected has no forecast, and its forecast threshold is not judged (null), in JSON and the table', async () => {
    const b = budgets.get('nothing')!;
    expect([b.judged, b.actual, b.forecast, b.forecastSharePercent, b.forecastBasis]).toEqual([true, '0.0000000000', null, null, NO_FORECAST]);
    // Every day read is in the store (the demo's data begins on 1 Sep 2026): none not in it.
    expect(b.scopeUnmatched).toEqual({ from: '2026-10-01', to: '2026-11-14', read: { from: '2026-10-01', to: '2026-11-14' }, notInStore: null });
    expect(budgets.get('support')!.scopeUnmatched).toBeNull();
    expect(b.thresholds.map((t) => [t.id, t.crossed, t.since])).toEqual([
      ['actual:50', false, null], ['actual:80', false, null], ['actual:100', false, null], ['forecast:100', null, null],
    ]);
    const table = await costlens(db, 'budgets', '--config', config, '--wide');
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.split('\n');
    expect(rows.find((l) => l.startsWith('support '))).toContain('actual:50 since 2026-11-14; forecast:100 since 2026-11-01');
    expect(rows.find((l) => l.startsWith('nothing '))!.split(/\s{2,}/)).toEqual(['nothing', '2026-11', '14/30', 'billed', '$100.00', '$0.00', '0.0', 'forecast:100 not judged', 'service No Such Service']);
    expect(table.stdout.endsWith(`(3 rows)\nnothing: ${NO_FORECAST}; forecast:100 is not judged.\n${UNMATCHED}\n`)).toBe(true);
  });

  it('a tag or account scope that matches nothing says where to look up its values and accounts (it named the services\' query whatever the scope)', async () => {
    const other = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(other, JSON.stringify({ budgets: [
      { name: 'nobody', amount: 100, scope: { tag: { key: 'team', values: ['nobody'] } } },
      { name: 'no-account', amount: 100, scope: { accounts: ['000000000000'] } },
    ] }));
    const run = await costlens(db, 'budgets', '--config', other);
    expect(run.code, run.stderr).toBe(0);
    const notes = run.stdout.split('\n').filter((l) => l.includes('matches its scope'));
    const how = 'services are matched by ServiceName (e.g. "Amazon Elastic Compute Cloud") or product code (AmazonEC2), accounts by SubAccountId, tags as attribution reads them: ';
    expect(notes).toEqual([
      `nobody: no line item from 1 Oct to 14 Nov 2026 matches its scope (tag team = nobody)${READ_BEFORE}; ${how}costlens attribute --tag team lists the values of team as budgets read them.`,
      `no-account: no line item from 1 Oct to 14 Nov 2026 matches its scope (account 000000000000)${READ_BEFORE}; ${how}costlens sql "SELECT DISTINCT SubAccountId, SubAccountName FROM line_items" lists its accounts.`,
    ]);
  });

  it('in the store\'s first month (the month before not in the store) a no-usage scope has no forecast, and says why', async () => {
    const { statuses } = await withEngine(db, (engine) => evaluateBudgets(engine, parseConfig({ budgets: BUDGETS.slice(0, 1) }), { asOf: '2026-09-20' }));
    const [support] = statuses;
    expect([support.notJudged, support.forecast, support.forecastSharePercent]).toEqual([null, null, null]);
    expect(support.forecastBasis).toBe('no forecast: no usage in scope in the 20 days of its fit window the store holds (1–20 Sep 2026) to project, and no recurring fees or tax expected: the month before (Aug 2026) is not in the store: the store\'s billing data begins on 1 Sep 2026');
    expect(support.thresholds.map((t) => [t.id, t.crossed])).toEqual([['actual:50', true], ['actual:80', true], ['actual:100', true], ['forecast:100', null]]);
  });

  it('alerts: the Support and Savings Plans forecasts are sent at 100 %, with their figures; the not-judged threshold is not', async () => {
    const store = storeWithConfig(db, { budgets: BUDGETS, alerts: { email: ['finops@acme.example'], topDrivers: 1, anomalyEvents: false } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const alerts = JSON.parse(run.stdout).alerts as { subjectKey: string; threshold: string; title: string; amount: string; summary: string }[];
    expect(alerts.map((a) => `${a.subjectKey} ${a.threshold}`)).toEqual(['support/2026-11 actual:50', 'support/2026-11 forecast:100', 'sp-fees/2026-11 actual:50', 'sp-fees/2026-11 forecast:100']);
    const support = alerts.find((a) => a.subjectKey === 'support/2026-11' && a.threshold === 'forecast:100')!;
    expect([support.title, support.amount]).toEqual(['Budget support (2026-11): forecast to reach 100% of $2,000.00', '2593.55']);
    // Days in the pages' format, as the card's "100% forecast since 1 Nov 2026" (it wrote "for 2026-11-30", "since 2026-11-01", "data through 2026-11-14").
    expect(support.summary).toBe('The forecast for 30 Nov 2026 is $2,593.55 (129.7% of $2,000.00), at or above 100% ($2,000.00) since 1 Nov 2026. '
      + `Monthly budget, BilledCost, scope: service ${SUPPORT}; 14 of 30 days counted, data through 14 Nov 2026.`);
    const sp = alerts.find((a) => a.subjectKey === 'sp-fees/2026-11' && a.threshold === 'forecast:100')!;
    expect([sp.title, sp.amount]).toEqual(['Budget sp-fees (2026-11): forecast to reach 100% of $1,500.00', '1824.08']);
  });

  describe('the Overview\'s budget card', () => {
    const readCard = overviewBudgetCard(() => db, BUDGETS);

    it('shows the Support forecast crossing 100 %, and the no-usage scope\'s forecast threshold as not judged, not "none"', async () => {
      const card = await readCard();
      const support = /<tr data-budget="support"[^]*?<\/tr>/.exec(card)![0];
      expect(support).toContain('<td data-value="2593.55">');
      // In the pages' formats (the CLI's "100 % forecast since 2026-11-01" read oddly beside the card's "129.7%").
      expect(support).toContain('<span class="crossed" data-threshold="forecast:100">100% forecast since 1 Nov 2026</span>');
      const nothing = /<tr data-budget="nothing"[^]*?<\/tr>/.exec(card)![0];
      expect(nothing).toContain('<td data-value="">–');
      expect(nothing).toContain('<span class="not-judged" data-threshold="forecast:100">100% forecast not judged</span>');
      expect(nothing).not.toContain('class="crossed"');
      expect(nothing).not.toMatch(/<td>none<\/td>/);
      expect(card).toContain(`<li>nothing: ${NO_FORECAST}; forecast:100 is not judged.</li>`);
      expect(card).toContain(`<li>nothing: no line item from 1 Oct to 14 Nov 2026 matches its scope (service No Such Service)${READ_BEFORE}; services are matched by ServiceName`);
    }, 300_000);
  });
});
