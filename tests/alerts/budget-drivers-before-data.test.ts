/**
 * A budget alert in the store's first period: the same days of the period before are not in the
 * store, so they are not $0.00 of spend and the alert's drivers are not "new" everything. The
 * alert says why nothing was compared (JSON, e-mail, Slack, Teams), and no drivers query runs.
 * On the real legacy CUR (November 2023 alone) and the real 2018 CURs (October and November).
 */
import { describe, expect, it } from 'vitest';
import { budgetDrivers, evaluateBudgets, type BudgetStatus } from '../../src/analyze/budgets/index.ts';
import { periodContaining } from '../../src/analyze/budgets/period.ts';
import { parseConfig } from '../../src/config.ts';
import { daysNotInStore } from '../../src/lib/store-days.ts';
import { formatCents } from '../../src/lib/money.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { alertMessage } from '../../src/report/alerts-email.ts';
import { budgetAlertSource } from '../../src/report/alerts-budget-source.ts';
import { slackPayload, teamsPayload } from '../../src/report/alerts-webhook.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { storeWithConfig } from './helpers.ts';

const BUDGET = { name: 'org', amount: 1, thresholds: [{ percent: 50 }] };
const COMPARE = '1–13 Nov 2023 against 1–13 Oct 2023, usage, BilledCost';
const WHY = "the same days of the period before (1–13 Oct 2023) are not in the store: the store's billing data begins on 1 Nov 2023";
const NOT_COMPARED = `${COMPARE}: not compared, because ${WHY}`;
/**
 * The alert's sentences in the pages' formats (percentText, shortDay), as the Overview's card and the e-mails' Budgets
 * section write a crossing; the figures are restated from the CSV below. It wrote "since 2023-11-07" and "data through 2023-11-13".
 */
const SUMMARY = 'Spend to date is $1.67 (167.3% of $1.00), at or above 50% ($0.50) since 7 Nov 2023. '
  + 'Monthly budget, BilledCost, scope: the whole bill; 13 of 30 days counted, data through 13 Nov 2023.';

/** A decimal text (DuckDB's DECIMAL(38,10)) in units of 1e-10. */
function unitsOf(text: string): bigint {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return text.startsWith('-') ? -units : units;
}

/** Units of 1e-10 rounded once to cents, half away from zero. */
function roundCents(units: bigint): bigint {
  const cents = (2n * (units < 0n ? -units : units) + 10n ** 8n) / (2n * 10n ** 8n);
  return units < 0n ? -cents : cents;
}

describe("budget alerts when the period before is not in the store", () => {
  it('the real legacy CUR (November 2023 only): the alert says the drivers were not compared and why; its spend is the CSV\'s', async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    const store = storeWithConfig(db, { budgets: [BUDGET], alerts: { email: ['finops@acme.example'], topDrivers: 3, anomalyEvents: false } });
    const run = await costlens(store.db, 'alerts', 'check', '--dry-run', '--format', 'json', '--config', store.config);
    expect(run.stderr).toBe('');
    const [alert] = JSON.parse(run.stdout).alerts;
    expect(alert.drivers).toEqual({ compare: COMPARE, notCompared: WHY, total: null, top: [], rest: null, posted: [] });
    const [spent] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_csv($csv, all_varchar = true) WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14'`, { csv: REAL_LEGACY_CSV });
    expect(alert.amount).toBe(spent.billed);
    // The summary's figures from the CSV: the spend to the cent, its share of $1.00, and the first day the running total
    // stands at $0.50 or more (a line of at most a day counts on its day; one posted for longer, on as-of, 13 Nov).
    const [figures] = await duckdbRows(`WITH line AS (
        SELECT CASE WHEN CAST("lineItem/UsageEndDate" AS TIMESTAMP) > CAST("lineItem/UsageStartDate" AS TIMESTAMP) + INTERVAL 1 DAY THEN DATE '2023-11-13'
               ELSE CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) END AS day, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS cost
        FROM read_csv($csv, all_varchar = true) WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14'),
      running AS (SELECT day, sum(sum(cost)) OVER (ORDER BY day) AS total FROM line GROUP BY day)
      SELECT CAST(round(sum(cost), 2) AS VARCHAR) AS spent, CAST(round(sum(cost) * 100, 1) AS VARCHAR) AS share,
        (SELECT strftime(min(day), '%-d %b %Y') FROM running WHERE total >= 0.5) AS since,
        (SELECT count(*) FROM running WHERE day >= (SELECT min(day) FROM running WHERE total >= 0.5) AND total < 0.5) AS dips
      FROM line`, { csv: REAL_LEGACY_CSV });
    expect(figures).toEqual({ spent: '1.67', share: '167.3', since: '7 Nov 2023', dips: '0' });
    expect(alert.summary).toBe(SUMMARY);
  });

  it('e-mail, Slack and Teams carry the sentence, with no change figure, no drivers table and no note on how drivers add up', async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    const config = parseConfig({ budgets: [BUDGET] });
    const [candidate] = await withEngine(db, (engine) => budgetAlertSource.candidates({ engine, config, publicUrl: null, topDrivers: 3 }));
    expect([candidate.driversCompare, candidate.driversNotCompared, candidate.driversTotal, candidate.drivers, candidate.rest, candidate.driversPosted]).toEqual([COMPARE, WHY, null, [], null, []]);
    const mail = alertMessage(candidate, '[costlens]');
    expect(candidate.summary).toBe(SUMMARY);
    // The JSON payload's facts keep ISO days.
    expect([candidate.facts.crossedSince, candidate.facts.asOf]).toEqual(['2023-11-07', '2023-11-13']);
    expect(mail.text.replace(/\s+/g, ' ')).toContain(SUMMARY);
    expect(mail.html.replace(/<[^>]+>/g, '')).toContain(SUMMARY);
    expect(mail.text.replace(/\s+/g, ' ')).toContain(` ${NOT_COMPARED}. `);
    expect(mail.text).not.toMatch(/change \$|\nTotal /);
    expect(mail.html).not.toContain('<th');
    expect(mail.text).not.toContain('Drivers as costlens explain');
    const slack = JSON.stringify(slackPayload(candidate));
    expect(slack).toContain(`*Top drivers* (${NOT_COMPARED})\\nnone: nothing compared`);
    expect(JSON.stringify(teamsPayload(candidate))).toContain(`"text":"Top drivers (${NOT_COMPARED})"`);
    expect([slackPayload(candidate).blocks[1].text, teamsPayload(candidate).attachments[0].content.body[1].text]).toEqual([{ type: 'mrkdwn', text: SUMMARY }, SUMMARY]);
  });

  it('the real 2018 CURs: November\'s usage against the same days of October\'s, both in the store, is compared (−$406.09: each span\'s usage rounded once), the RI fees posted on the 1st apart; the fourth quarter against the third is not', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const config = parseConfig({ budgets: [{ ...BUDGET, name: 'month' }, { ...BUDGET, name: 'quarter', period: 'quarterly' }] });
    const { statuses } = await withEngine(db, (engine) => evaluateBudgets(engine, config));
    const [month, quarter] = await withEngine(db, (engine) => Promise.all(statuses.map((s) => budgetDrivers(engine, s))));
    expect([month.from, month.to, month.notCompared]).toEqual([{ first: '2018-10-01', last: '2018-10-30' }, { first: '2018-11-01', last: '2018-11-30' }, null]);
    // The change as shown: each span's usage rounded once to the cent (half away from zero), then their difference.
    // Usage: Usage and DiscountedUsage lines of at most a day; the rest (the RI fees, each spanning its month) is posted, not compared.
    const usage = `line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`;
    const [sums] = await duckdbRows(`SELECT
        CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($oct) WHERE line_item_usage_start_date < TIMESTAMP '2018-10-31' AND ${usage}) AS VARCHAR) AS old_cost,
        CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($nov) WHERE line_item_usage_start_date < TIMESTAMP '2018-12-01' AND ${usage}) AS VARCHAR) AS new_cost,
        CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($oct) WHERE line_item_usage_start_date < TIMESTAMP '2018-10-31' AND NOT (${usage})) AS VARCHAR) AS old_posted,
        CAST((SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM read_parquet($nov) WHERE line_item_usage_start_date < TIMESTAMP '2018-12-01' AND NOT (${usage})) AS VARCHAR) AS new_posted`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    const [oldUnits, newUnits] = [unitsOf(sums.old_cost!), unitsOf(sums.new_cost!)];
    const [oldCents, newCents] = [roundCents(oldUnits), roundCents(newUnits)];
    expect([month.set!.oldCents, month.set!.newCents, month.set!.changeCents]).toEqual([oldCents, newCents, newCents - oldCents]);
    // 3,764.03 → 3,357.94: −$406.09, a cent from the exact change rounded alone (−$406.08).
    expect([formatCents(month.set!.oldCents), formatCents(month.set!.newCents), formatCents(month.set!.changeCents), roundCents(newUnits - oldUnits)]).toEqual(['3764.03', '3357.94', '-406.09', -40608n]);
    expect(month.set!.drivers.every((d) => d.chargeClass === 'usage')).toBe(true);
    // The RI fees posted on 1 Oct and 1 Nov: listed apart, each span's rounded once.
    const [oldPosted, newPosted] = [unitsOf(sums.old_posted!), unitsOf(sums.new_posted!)];
    expect(month.posted).toEqual([{ chargeClass: 'recurring', oldCost: oldPosted, newCost: newPosted, oldCents: roundCents(oldPosted), newCents: roundCents(newPosted) }]);
    expect([formatCents(month.posted[0].oldCents), formatCents(month.posted[0].newCents)]).toEqual(['149.78', '147.38']);
    expect([quarter.set, quarter.posted, quarter.notCompared]).toEqual([null, [], "the same days of the period before (1 Jul – 30 Aug 2018) are not in the store: the store's billing data begins on 1 Oct 2018"]);
  });

  it('part of the period before in the store: nothing compared either (unequal spans), the missing days named, and no query run', async () => {
    const status = {
      budget: { cost: 'billed' }, period: periodContaining('monthly', '2026-11-14'), asOf: '2026-11-14',
      previousDays: { first: '2026-10-01', last: '2026-10-14' },
      previousNotInStore: daysNotInStore('2026-10-01', '2026-10-15', { firstDay: '2026-10-10', gaps: [] }),
    } as unknown as BudgetStatus;
    const refusing: Engine = { name: 'duckdb', run: () => Promise.reject(new Error('no query should run')), close: async () => {} };
    expect(await budgetDrivers(refusing, status)).toEqual({
      from: { first: '2026-10-01', last: '2026-10-14' }, to: { first: '2026-11-01', last: '2026-11-14' }, set: null, posted: [],
      notCompared: "1–9 Oct 2026 are not in the store (9 of the same days of the period before, 1–14 Oct 2026): the store's billing data begins on 10 Oct 2026",
      compared: 'usage',
    });
  });
});
