/**
 * Budgets on a store without daily usage (the real Oct and Nov 2018 CURs at monthly time
 * granularity, tests/helpers/monthly-store-fixture.ts) where else they show. `costlens alerts check`
 * failed on it (exit 5: anomalies, then budgets, refused the store); now each actual threshold of a
 * complete period over it is an alert (none for the forecast: there is none), its drivers the
 * period's bill against the month before's, every charge class, as `costlens explain` compares two
 * months, and anomaly events are simply not looked for. The Overview's budget card said "No budget
 * figures yet: no daily usage: …"; it shows the whole bills now. The budgets queries of the query API
 * answered 404 ("… so they need a daily or hourly CUR"); they answer whole bills on month bounds and
 * refuse a range cut inside a month (400), as `GET /api/queries` lists them (`whole-months`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetDrivers, budgetPeriodOf, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { storeWithConfig } from '../alerts/helpers.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { appOn } from '../server/helpers.ts';
import { overviewBudgetCard } from './overview-card.ts';

const BUDGETS = [{ name: 'all', amount: 3000 }, { name: 'q', amount: 5000, period: 'quarterly' }];
const BILL = (month: string) => `BillingPeriodStart >= TIMESTAMP '${month}-01' AND BillingPeriodStart < TIMESTAMP '${month}-01' + INTERVAL 1 MONTH`;

interface Alert { subjectKey: string; threshold: string; summary: string; amount: string; drivers: { compare: string; notCompared: string | null; total: string | null; top: { label: string; change: string }[]; posted: unknown[] } }

describe('budgets on a monthly CUR: alerts, the Overview\'s card and the query API', () => {
  let db: string;
  let novBill: string;

  beforeAll(async () => {
    ({ db } = await monthlyStore());
    [{ total: novBill }] = await sqlRows(db, `SELECT sum(BilledCost) AS total FROM line_items WHERE ${BILL('2018-11')}`) as { total: string }[];
  }, 300_000);

  it('alerts check sends an alert per actual threshold of the complete month over it, none for the forecast nor the quarter missing December', async () => {
    const store = storeWithConfig(db, { budgets: BUDGETS, alerts: { email: ['finops@acme.example'], topDrivers: 2 } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const alerts = JSON.parse(run.stdout).alerts as Alert[];
    expect(alerts.map((a) => `${a.subjectKey} ${a.threshold}`)).toEqual(['all/2018-11 actual:50', 'all/2018-11 actual:80', 'all/2018-11 actual:100']);
    const [, , over] = alerts;
    expect(over.amount).toBe(novBill);
    expect(over.summary).toBe('The bill of Nov 2018 comes to $3,505.33 in scope (116.8% of $3,000.00), at or above 100% ($3,000.00) since the bill of Nov 2018. '
      + 'Monthly budget, BilledCost, scope: the whole bill; judged on whole monthly bills, all complete (the store holds no daily usage).');
    expect([over.drivers.compare, over.drivers.notCompared, over.drivers.posted]).toEqual(['the bill of Nov 2018 against the bill of Oct 2018, every charge class, BilledCost', null, []]);
    // Each change is shown as the difference of its two bills each rounded once to the cent (explain's rule); the top drivers by
    // service › usage type › resource, every line (all of the recurring class here), largest exact change first.
    const shown = `round(coalesce(sum(BilledCost) FILTER (WHERE ${BILL('2018-11')}), 0), 2) - round(coalesce(sum(BilledCost) FILTER (WHERE ${BILL('2018-10')}), 0), 2)`;
    const [{ change }] = await sqlRows(db, `SELECT CAST(${shown} AS VARCHAR) AS change FROM line_items`);
    expect([over.drivers.total, change]).toEqual(['-559.15', '-559.15']);
    const top = await sqlRows(db, `SELECT x_ChargeClass || ' › ' || coalesce(ServiceName, x_ProductCode, '(none)') || ' › ' || coalesce(x_UsageType, SkuMeter, '(none)') || ' › ' || coalesce(ResourceId, '(none)') AS label,
        CAST(${shown} AS VARCHAR) AS change
      FROM line_items GROUP BY 1 ORDER BY abs(sum(CASE WHEN ${BILL('2018-11')} THEN BilledCost ELSE -BilledCost END)) DESC, 1 LIMIT 2`);
    expect(over.drivers.top.map((d) => [d.label, d.change])).toEqual(top.map((t) => [t.label, t.change]));
  });

  it('drivers are not compared for a period not judged, nor against a month before the store\'s bills', async () => {
    const configs = parseConfig({ budgets: BUDGETS });
    const [october, quarter] = await withEngine(db, async (engine) => {
      const { statuses } = await evaluateBudgets(engine, configs, { period: budgetPeriodOf('2018-10') });
      return Promise.all(statuses.map((s) => budgetDrivers(engine, s)));
    });
    expect([october.compared, october.set, october.notCompared]).toEqual(['bill', null, "the period before, 2018-09, is not in the store: the store's bills begin with Oct 2018"]);
    expect(quarter.notCompared).toMatch(/^2018-Q4 is not judged: Nov 2018 is after as-of \(31 Oct 2018\); Dec 2018 is not in the store: the store's bills end with Nov 2018, and a period is judged/);
  });

  describe('the Overview\'s budget card (it said "No budget figures yet: no daily usage: …")', () => {
    const readCard = overviewBudgetCard(() => db, BUDGETS);

    it('shows November\'s bill against the amount with its crossings, and the quarter not judged, naming December; no forecast', async () => {
      const card = await readCard();
      expect(card).not.toContain('No budget figures');
      const all = /<tr data-budget="all"[^]*?<\/tr>/.exec(card)![0];
      expect(all).toContain('class="budget-over"');
      expect(/<td data-value="([^"]*)">\$3,505\.33<\/td>/.exec(all)![1]).toBe(novBill);
      expect(all).toContain('<span class="crossed" data-threshold="actual:100">100% actual since 30 Nov 2018</span>');
      expect(all).toContain('<span class="not-judged" data-threshold="forecast:100">100% forecast not judged</span>');
      const q = /<tr data-budget="q"[^]*?<\/tr>/.exec(card)![0];
      expect(q).toContain('2018-Q4, 2 of 3 bills · billed · the whole bill');
      expect(q).toContain('<span class="note">not judged: Dec 2018 not in the store</span>');
      expect(q).toContain('<td>not judged</td>');
      expect(card).toContain('No forecast: the store holds no daily usage.');
      expect(card).toContain('<li>all: no forecast: the store holds no daily usage; forecast:100 is not judged.</li>');
    }, 300_000);
  });

  describe('the budgets queries over the query API', () => {
    let app: CostlensApp;
    beforeAll(() => { app = appOn(db); });
    afterAll(() => app?.close());

    it('are listed as whole months, answer whole bills on month bounds (they answered 404) and refuse a range cut inside a month', async () => {
      const { queries } = await (await app.request('/api/queries')).json() as { queries: { name: string; withoutDailyUsage: unknown }[] };
      const listed = Object.fromEntries(queries.filter((q) => q.name.startsWith('budgets/')).map((q) => [q.name, q.withoutDailyUsage]));
      expect(listed).toEqual({
        'budgets/scope_cost_drivers': { rule: 'whole-months', bounds: ['old_from', 'old_to', 'new_from', 'new_to'] },
        'budgets/scope_daily_spend': { rule: 'whole-months', bounds: ['from', 'to'] },
      });
      const whole = await app.request('/api/queries/budgets/scope_daily_spend?from=2018-11-01&to=2018-12-01');
      expect(whole.status).toBe(200);
      const { rows } = await whole.json() as { rows: Record<string, string>[] };
      const units = (text: string) => BigInt(text.replace('.', '').padEnd(text.indexOf('.') + 11, '0'));
      expect(rows.reduce((sum, r) => sum + units(r.billed_cost), 0n)).toBe(units(novBill));
      const cut = await app.request('/api/queries/budgets/scope_daily_spend?from=2018-11-05&to=2018-12-01');
      expect([cut.status, await cut.json()]).toEqual([400, { error: {
        code: 'usage',
        message: 'the range from 2018-11-05, to 2018-12-01 cuts a month into days, but the store holds no daily usage: its CUR is monthly, every usage line spanning its month, so its lines are dated to the first of their month and only whole billing periods add up',
        hint: 'give from and to on the first of a month (from 2018-11-01, to 2018-12-01)',
      } }]);
    });
  });
});
