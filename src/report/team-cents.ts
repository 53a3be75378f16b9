/**
 * A team's week in cents, as its e-mail shows it: the team's total, its usage and its share of
 * fees, tax and credits, and its usage by service and account. The total is the team's row of the
 * owner cut of every charge (the largest-remainder rounding of the organisation's total over its
 * teams); usage and the posted share are a split of that total by largest remainder (roundCut), so
 * the two rows add up to the total shown to the cent and each is within a cent of its exact
 * amount. (The share as the total's cents less the usage's cents of another split could be a cent
 * or more from its exact amount: an exact $0.00 read −$0.01.) Services and accounts split the
 * usage shown.
 */
import { type Cents, roundCut } from './cuts.ts';
import { NO_AMOUNTS, subtractAmounts, type WeekSpend } from './spend.ts';

/** One team's cents of one week (BilledCost and EffectiveCost). */
export interface TeamWeekCents {
  /** Its row of the owner cut of every charge. */
  total: Cents;
  /** Its usage: the usage charge class (what the e-mail compares). */
  usage: Cents;
  /** Its share of fees, tax and credits (shared-cost rules included): total − usage, split with it. */
  posted: Cents;
  /** Its usage by service and account (adding up to `usage`). */
  service: Map<string, Cents>;
  account: Map<string, Cents>;
}

const NO_CENTS: Cents = { billed: 0n, effective: 0n };

/** Row names of the totals split; `posted` sorts first, so a tie of remainders goes to it (roundCut's rule). */
const POSTED = 'posted';
const USAGE = 'usage';

/**
 * The team's cents of one week from the week's spend of every charge (`all`, with its owner cut in
 * cents) and of usage only (`usage`), both read over the same days. `team` is looked up as each
 * read names it (its canonical spelling in that week).
 */
export function teamWeekCents(all: { spend: WeekSpend; owner: ReadonlyMap<string, Cents> }, usage: { spend: WeekSpend }, team: string): TeamWeekCents {
  const allName = all.spend.owner.canonical(team);
  const usageName = usage.spend.owner.canonical(team);
  const total = all.owner.get(allName) ?? NO_CENTS;
  const exactUsage = usage.spend.owner.byValue.get(usageName) ?? NO_AMOUNTS;
  const exactPosted = subtractAmounts(all.spend.owner.byValue.get(allName) ?? NO_AMOUNTS, exactUsage);
  const rows = roundCut(new Map([[POSTED, exactPosted], [USAGE, exactUsage]]), total);
  const usageCents = rows.get(USAGE)!;
  const detail = usage.spend.owner.detail.get(usageName);
  return {
    total,
    usage: usageCents,
    posted: rows.get(POSTED)!,
    service: detail ? roundCut(detail.byService, usageCents) : new Map(),
    account: detail ? roundCut(detail.byAccount, usageCents) : new Map(),
  };
}
