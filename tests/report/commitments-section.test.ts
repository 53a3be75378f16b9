import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildCommitmentsSection, commitmentsLayoutSection, type CommitmentsSectionModel } from '../../src/report/commitments-section.ts';
import { formatUsd } from '../../src/lib/money.ts';
import { centsOfDecimal } from '../../src/report/money.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { demoStore } from './helpers.ts';

interface Truth {
  commitments: { reservedInstance: { arn: string }; savingsPlan: { arn: string } };
  periods: Record<string, { billedCost: string; commitments: { unusedCost: string; reservedInstance: { unusedCost: string; utilisationPercent: number }; savingsPlan: { unusedCost: string } } }>;
}

describe('the weekly e-mails\' commitments section, on the demo organisation (October 2026, and September for the unused cost\'s cents)', () => {
  const demo = inject('demoDir');
  const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as Truth;
  const config = parseConfig({});
  const sections: Record<string, CommitmentsSectionModel> = {};

  let db: string;

  beforeAll(async () => {
    ({ db } = await demoStore(demo));
    await withEngine(db, async (engine) => {
      for (const audience of ['finance', 'engineering'] as const) {
        sections[audience] = await buildCommitmentsSection(engine, { commitments: config.commitments, attribution: config.attribution, teamTagKey: 'team' }, audience, '2026-10');
      }
      sections.september = await buildCommitmentsSection(engine, { commitments: config.commitments, attribution: config.attribution, teamTagKey: 'team' }, 'finance', '2026-09');
    });
  });

  it('states utilisation and unused cost per commitment as truth.json has them, largest unused cost first', () => {
    const layout = commitmentsLayoutSection(sections.finance);
    const t = truth.periods['2026-10'].commitments;
    expect(layout.paragraphs[0]).toContain(`unused commitment ${formatUsd(centsOfDecimal(t.unusedCost))}`);
    expect(layout.paragraphs[0]).toContain(`RIs ${t.reservedInstance.utilisationPercent.toFixed(2)}% of hours`);
    // One percent format in the e-mail, `%` straight after the figure as `82.0%` elsewhere: it read `75.00 %`.
    const texts = [...layout.paragraphs, ...layout.tables.flatMap((x) => x.rows.flat())];
    expect(texts.filter((x) => / %/.test(x))).toEqual([]);
    expect(texts.join(' ').match(/\d%/g)?.length).toBeGreaterThan(0);
    const commitments = layout.tables.find((x) => x.columns[0] === 'Commitment' && x.columns.includes('Unused cost'))!;
    expect(commitments.rows.map((r) => [r[0], r[3]])).toEqual([
      [truth.commitments.savingsPlan.arn.split('/').pop(), formatUsd(centsOfDecimal(t.savingsPlan.unusedCost))],
      [truth.commitments.reservedInstance.arn.split('/').pop(), formatUsd(centsOfDecimal(t.reservedInstance.unusedCost))],
    ]);
    expect(layout.paragraphs[2]).toBe('No commitment ends within the expiry windows after 14 Nov 2026, the data horizon.');
  });

  it('September 2026: each commitment\'s unused cost shows the cents `costlens commitments` and the Commitments page show, adding up to the unused commitment cost as shown (it wrote the plan\'s $187.83)', async () => {
    // By SQL on the store: the plan's 1,753.92 − 1,566.0864 = 187.8336 and the RI's unused fees 41.5923287760, 229.4259287760 in
    // all, $229.43. Each rounded alone, $187.83 + $41.59 = $229.42; by largest remainder (as the CLI's table and the page's), the
    // cent left goes to the plan, whose remainder (0.36 of a cent) is larger than the RI's (0.23): $187.84 and $41.59.
    const unused = await sqlRows(db, `SELECT x_LineItemType AS type,
        CAST(sum(coalesce(x_SavingsPlanTotalCommitmentToDate - x_SavingsPlanUsedCommitment, x_ReservationUnusedRecurringFee + x_ReservationUnusedAmortizedUpfrontFee)) AS VARCHAR) AS unused
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') GROUP BY 1 ORDER BY 1`);
    expect(unused).toEqual([{ type: 'RIFee', unused: '41.5923287760' }, { type: 'SavingsPlanRecurringFee', unused: '187.8336000000' }]);
    const layout = commitmentsLayoutSection(sections.september);
    expect(layout.paragraphs[0]).toContain('unused commitment $229.43.');
    const commitments = layout.tables.find((x) => x.columns[0] === 'Commitment' && x.columns.includes('Unused cost'))!;
    expect(commitments.rows.map((r) => [r[0], r[3]])).toEqual([
      [truth.commitments.savingsPlan.arn.split('/').pop(), '$187.84'],
      [truth.commitments.reservedInstance.arn.split('/').pop(), '$41.59'],
    ]);
  });

  it('September 2026, finance: the invoice table is costlens invoice\'s, cent for cent; its commitment fees amortised are the unused commitment, and the note says why they read $229.42 and $229.43', async () => {
    // By SQL on the store: the commitment fee lines' EffectiveCost is the unused commitment, exactly.
    const [fees] = await sqlRows(db, `SELECT CAST(sum(EffectiveCost) AS VARCHAR) AS amortised FROM line_items
      WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND (x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') OR (x_LineItemType = 'Fee' AND x_ReservationArn IS NOT NULL))`);
    expect(fees.amortised).toBe('229.4259287760');
    const layout = commitmentsLayoutSection(sections.september);
    expect(layout.paragraphs[0]).toContain('unused commitment $229.43.');
    const invoice = layout.tables.find((x) => x.columns[0] === 'Charge class')!;
    const cli = await costlens(db, 'invoice', '--period', '2026-09', '--format', 'json');
    const [period] = JSON.parse(cli.stdout) as { classes: { chargeClass: string; cents: { billed: string; amortised: string; netAmortised: string } }[] }[];
    const dollars = (text: string) => formatUsd(centsOfDecimal(text));
    expect(invoice.rows).toEqual(period.classes.map((c) => [c.chargeClass, dollars(c.cents.billed), dollars(c.cents.amortised), dollars(c.cents.netAmortised)]));
    expect(invoice.rows.find((row) => row[0] === 'commitment-fees')).toEqual(['commitment-fees', '$2,845.44', '$229.42', '$229.42']);
    expect(layout.notes).toContain('The commitment fees\' amortised cost is the unused commitment above: amortised, each Reserved Instance and Savings Plan fee keeps only its unused part, the used part moving to the usage it covered. '
      + 'It reads $229.42 here and $229.43 above: the table\'s classes share the total\'s cents by largest remainder, as costlens invoice does, and the unused commitment is rounded on its own.');
  });

  it('finance sees the net view: billed beside amortised and net amortised per charge class, adding up to the period\'s BilledCost to the cent', () => {
    const layout = commitmentsLayoutSection(sections.finance);
    const invoice = layout.tables.find((x) => x.columns[0] === 'Charge class')!;
    expect(invoice.footer![1]).toBe(formatUsd(centsOfDecimal(truth.periods['2026-10'].billedCost)));
    const cents = (usd: string) => BigInt(usd.replace(/[$,.]/g, '').replace('−', '-'));
    expect(invoice.rows.reduce((n, r) => n + cents(r[1]), 0n)).toBe(cents(invoice.footer![1]));
    expect(invoice.rows.map((r) => r[0])).toEqual(['usage', 'fees', 'commitment-fees', 'tax']);
  });

  it('engineering sees the coverage gaps by instance family and the purchase advice with its rate source', () => {
    const layout = commitmentsLayoutSection(sections.engineering);
    expect(layout.tables.some((x) => x.columns[0] === 'Charge class')).toBe(false);
    const families = layout.tables.find((x) => x.columns[0] === 'Instance family')!;
    expect(families.rows.length).toBeGreaterThan(2);
    expect(layout.paragraphs.filter((p) => p.startsWith('Advice: a 1yr No Upfront Compute Savings Plan'))[0]).toContain('(rate from the bill)');
    expect(layout.paragraphs.some((p) => p.startsWith('Advice: a 3yr') && p.endsWith('(rate estimated).'))).toBe(true);
  });
});
