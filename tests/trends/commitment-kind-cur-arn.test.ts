/**
 * What a recurring fee is for is written once (queries/fees/commitment_lines.cte.sql), and read
 * from the commitment's ARN when the bill has no term times: a legacy CUR without
 * reservation/StartTime and EndTime (nor savingsPlan/StartTime and EndTime) still names the
 * reservation of an RIFee line (reservation/ReservationARN → x_ReservationArn) and the Savings Plan
 * of a SavingsPlanRecurringFee line (savingsPlan/SavingsPlanARN → x_SavingsPlanArn). Before, such a
 * fee was neither (commitment NULL), so an RI bought on the month's last day (a line of 10 hours)
 * was taken as accruing daily.
 *
 * The file (a hand-built legacy CUR CSV, tests/optimisation/cur-fixture.ts, which has no term
 * columns): an RI's RIFee of 5.00 for 31 Oct 2025 14:00 – 24:00 and a Savings Plan's recurring
 * fee of 6.00 a day, 1–31 Oct.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { QUERIES_DIR } from '../../src/engine/queries.ts';
import { toUnits } from '../../src/lib/money.ts';
import { sqlRows } from '../helpers/cli.ts';
import type { CurLine } from '../optimisation/cur-fixture.ts';
import { storeWith } from '../optimisation/fixtures.ts';
import { days } from './fixtures.ts';

const EC2 = 'Amazon Elastic Compute Cloud';
const RI_ARN = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-ri-31-oct';
const SP_ARN = 'arn:aws:savingsplans::999999999999:savingsplan/costlens-plan';

const LINES: CurLine[] = [
  { type: 'RIFee', start: '2025-10-31T14:00:00', end: '2025-11-01T00:00:00', account: '111111111111', region: 'us-east-1', usageType: 'HeavyUsage:m5.large', quantity: 10, cost: '5.00', reservationArn: RI_ARN },
  ...days('2025-10-01', '2025-10-31').map((day): CurLine => ({ type: 'SavingsPlanRecurringFee', start: day, account: '111111111111', region: 'us-east-1', usageType: 'ComputeSP:1yrNoUpfront', quantity: 24, cost: '6.00', savingsPlanArn: SP_ARN })),
];

describe('a CUR without term times: the commitment\'s ARN says what a recurring fee is for', () => {
  let db: string;

  beforeAll(async () => {
    db = await storeWith({ cur: LINES });
  }, 120_000);

  it('the store holds the ARNs and no term: x_ReservationArn on the RIFee line, x_SavingsPlanArn on the plan\'s', async () => {
    expect(await sqlRows(db, `SELECT x_LineItemType AS type, x_ChargeClass AS class, count(*) AS lines, CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed,
        count(x_ReservationArn) AS ri_arns, count(x_SavingsPlanArn) AS sp_arns,
        count(x_ReservationStartTime) + count(x_ReservationEndTime) + count(x_SavingsPlanStartTime) + count(x_SavingsPlanEndTime) AS term_times
      FROM line_items GROUP BY x_LineItemType, x_ChargeClass ORDER BY type`)).toEqual([
      { type: 'RIFee', class: 'recurring', lines: '1', billed: '5.00', ri_arns: '1', sp_arns: '0', term_times: '0' },
      { type: 'SavingsPlanRecurringFee', class: 'recurring', lines: '31', billed: '186.00', ri_arns: '0', sp_arns: '31', term_times: '0' },
    ]);
  });

  it('both queries call the RIFee a reservation\'s (was NULL) and the plan\'s fee a Savings Plan\'s (was NULL), with no term', async () => {
    const fees = await withEngine(db, (engine) => runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: '2025-10-01', to: '2025-11-01' }));
    expect(fees.map((f) => [f.service, f.posted, f.commitment, f.commitment_start, f.commitment_end, f.billed_cost])).toEqual([
      [EC2, false, 'reservation', null, null, toUnits('5')],
      [EC2, false, 'savings_plan', null, null, toUnits('186')],
    ]);
    const scoped = await withEngine(db, (engine) => runQuery(engine, 'budgets/scope_daily_spend', { from: '2025-10-30', to: '2025-11-01' }));
    expect(scoped.map((r) => [r.day, r.charge_class, r.commitment, r.lines, r.billed_cost])).toEqual([
      ['2025-10-30', 'recurring', 'savings_plan', 1, toUnits('6')],
      ['2025-10-31', 'recurring', 'reservation', 1, toUnits('5')],
      ['2025-10-31', 'recurring', 'savings_plan', 1, toUnits('6')],
    ]);
  });
});

describe('the rule is written once', () => {
  it('only queries/fees/commitment_lines.cte.sql writes it; the three queries that name a fee\'s commitment include it', () => {
    const files = (readdirSync(QUERIES_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql'));
    const writers = files.filter((f) => /x_ReservationStartTime IS NOT NULL OR/.test(readFileSync(join(QUERIES_DIR, f), 'utf8')));
    expect(writers.map((f) => f.split('\\').join('/'))).toEqual(['fees/commitment_lines.cte.sql']);
    const registry = queryRegistry();
    const including = registry.queries.filter((q) => q.sql.includes('\ncommitment_lines AS (')).map((q) => q.name);
    expect(including).toEqual(['budgets/scope_daily_spend', 'trends/recurring_fees_by_commitment_term']);
    expect(registry.twinOf('budgets/scope_daily_spend')!.sql).toContain('\ncommitment_lines AS (');
  });
});
