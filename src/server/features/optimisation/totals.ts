/**
 * The Optimisation page's card figures: each a month's saving (like for like: idle's run-rate
 * saving beside rightsizing's saving on the bill, as `costlens idle` and `costlens rightsize` head
 * their output), in cash, with what frees commitment instead apart; and the findings counted as the
 * weekly e-mail's "Savings waiting" counts them, by the same rules (src/analyze/findings.ts,
 * bySavingDescending and freesCommitmentOnly): those saving cash, and those freeing commitment.
 */
import { bySavingDescending, findingKey, freesCommitmentOnly } from '../../../analyze/findings.ts';
import { apportionCents, exactUnits } from '../../../analyze/attribution/index.ts';
import { centsOfUnits } from '../../../lib/money.ts';

/** The fields of a finding its totals read (a worklist row). */
export interface FindingMoneyRow {
  kind: 'idle' | 'rightsizing';
  resourceId: string | null;
  accountId: string | null;
  region: string | null;
  usageType: string | null;
  /** EffectiveCost over the cost window, in units (src/lib/money.ts). */
  monthlyCost: bigint;
  /** Cash saved a month, to the cent, in units. */
  monthlySaving: bigint;
  /** Commitment freed a month instead of cash, to the cent, in units. */
  monthlySavingCommitment: bigint;
}

/** The totals of a set of findings; money in units (src/lib/money.ts), formatted where the page shows it. */
export interface OptimisationTotals {
  /** Sum of the idle findings' cost over the 30-day window (exact, as `costlens idle` says "they cost"). */
  idleWindowCost: bigint;
  /** Sum of the idle findings' cash saving a month (whole cents, as `costlens idle`'s headline totals it). */
  idleSaving: bigint;
  /** Sum of what the idle findings free of commitments a month instead of cash (whole cents). */
  idleSavingCommitment: bigint;
  /** Sum of the recommendations' saving on the bill a month (whole cents, as `costlens rightsize` totals it). */
  rightsizingSaving: bigint;
  /** Sum of what the recommendations free of commitments a month instead of cash (whole cents). */
  rightsizingSavingCommitment: bigint;
  /** What the findings save together in cash, each resource counted once (its largest cash saving, then largest commitment freed). */
  saving: bigint;
  /** What those same findings free of commitments instead of cash (whole cents). */
  savingCommitment: bigint;
  /** The resources (each counted once) that save cash, or nothing at all: all but those freeing commitment only, as the e-mail counts "N finding(s) worth $x a month". */
  cashFindings: number;
  /** The resources (each counted once) that free commitment, whether or not they save cash too, as the e-mail counts "and M free $y a month of … commitment". */
  freeingFindings: number;
}

const sum = (rows: readonly FindingMoneyRow[], money: (r: FindingMoneyRow) => bigint) => rows.reduce((s, r) => s + money(r), 0n);

/**
 * The totals of a set of findings. A resource found by several rules counts once, by the finding
 * that saves it most cash (then frees most commitment): its cash in `saving`, its commitment in
 * `savingCommitment`, so that freed commitment is never counted as cash. The idle and rightsizing
 * figures are each the sum of their own findings, whatever the other found.
 */
export function totalsOf(rows: readonly FindingMoneyRow[]): OptimisationTotals {
  const idle = rows.filter((r) => r.kind === 'idle');
  const rightsizing = rows.filter((r) => r.kind === 'rightsizing');
  const best = new Map<string, { cash: bigint; commitment: bigint }>();
  for (const r of rows) {
    const saving = { cash: r.monthlySaving, commitment: r.monthlySavingCommitment };
    const key = findingKey(r);
    const kept = best.get(key);
    if (!kept || bySavingDescending(saving, kept) < 0) best.set(key, saving);
  }
  const kept = [...best.values()];
  return {
    idleWindowCost: sum(idle, (r) => r.monthlyCost),
    idleSaving: sum(idle, (r) => r.monthlySaving),
    idleSavingCommitment: sum(idle, (r) => r.monthlySavingCommitment),
    rightsizingSaving: sum(rightsizing, (r) => r.monthlySaving),
    rightsizingSavingCommitment: sum(rightsizing, (r) => r.monthlySavingCommitment),
    saving: kept.reduce((s, v) => s + v.cash, 0n),
    savingCommitment: kept.reduce((s, v) => s + v.commitment, 0n),
    cashFindings: kept.filter((v) => !freesCommitmentOnly(v)).length,
    freeingFindings: kept.filter((v) => v.commitment > 0n).length,
  };
}

/**
 * The idle findings' window costs in the cents the worklist shows: the cents of their sum (the
 * Idle resources card's "they cost", {@link OptimisationTotals.idleWindowCost}) split over them by
 * largest remainder (ties to the earlier row), so the rows shown add up to the card.
 */
export function idleCostCents(idle: readonly FindingMoneyRow[]): bigint[] {
  return idle.length === 0 ? [] : apportionCents(idle.map((r) => exactUnits(r.monthlyCost)), centsOfUnits(sum(idle, (r) => r.monthlyCost)));
}
