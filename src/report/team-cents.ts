/**
 * The teams' cents of one week, one rounding for every e-mail that shows them: the table of the
 * owner tag's values (teams) by usage and by their share of fees, tax and credits, rounded as a
 * whole (controlled rounding, src/lib/controlled-rounding.ts), measure by measure. Its usage row is
 * the engineering e-mail's "Spend by team"; a team's e-mail shows its usage cell, its fees cell and
 * their sum as its total. So a team's usage reads the same in both e-mails; the usage row adds up
 * to the week's usage rounded once (the e-mails' Usage row) and the fees row to their share
 * rounded once; each team's usage and fees add up to its total; and every cell and every team's
 * total is within a cent of its exact amount (its floor or its ceiling). (Rounding a team's total
 * on its own, then splitting it, read its usage a cent from its row in the engineering e-mail:
 * platform's $823.75 of 7–13 Sep 2026 against $823.76.) Services and accounts split the usage shown.
 */
import { addExact, type Exact, inCents, roundToCents, sumExact } from '../analyze/attribution/index.ts';
import { CostlensError } from '../errors.ts';
import { controlledRounding, floorRatio, type Ratio } from '../lib/controlled-rounding.ts';
import { codePointOrder } from '../lib/order.ts';
import { type Cents, NO_CENTS, roundCut } from './cuts.ts';
import { addAmounts, type Amounts, NO_AMOUNTS, subtractAmounts, type WeekSpend } from './spend.ts';

/** One team's cents of one week (BilledCost and EffectiveCost): usage and its share of fees, tax and credits, adding up to its total. */
export interface TeamCents {
  usage: Cents;
  posted: Cents;
  total: Cents;
}

/** One team's cents of one week as its e-mail shows them. */
export interface TeamWeekCents extends TeamCents {
  /** Its usage by service and account (each adding up to `usage`). */
  service: Map<string, Cents>;
  account: Map<string, Cents>;
}

const NO_TEAM: TeamCents = { usage: NO_CENTS, posted: NO_CENTS, total: NO_CENTS };

/**
 * Every team's cents of one week from the week's spend of every charge (`all`) and of usage only
 * (`usage`), both read over the same days. A team is named as the read of every charge names it;
 * its share of fees, tax and credits is its spend of every charge less its usage (shared-cost
 * rules included).
 */
export function teamsWeekCents(all: WeekSpend, usage: WeekSpend): Map<string, TeamCents> {
  const usageOf = new Map<string, Amounts>();
  for (const [value, amounts] of usage.owner.byValue) {
    const team = all.owner.canonical(value);
    const sum = usageOf.get(team) ?? NO_AMOUNTS;
    usageOf.set(team, { billed: addExact(sum.billed, amounts.billed), effective: addExact(sum.effective, amounts.effective) });
  }
  const teams = [...new Set([...all.owner.byValue.keys(), ...usageOf.keys()])].sort(codePointOrder);
  const exact = teams.map((team) => {
    const teamUsage = usageOf.get(team) ?? NO_AMOUNTS;
    return { usage: teamUsage, posted: subtractAmounts(all.owner.byValue.get(team) ?? NO_AMOUNTS, teamUsage) };
  });
  const billed = roundTeams(exact.map((e) => e.usage.billed), exact.map((e) => e.posted.billed));
  const effective = roundTeams(exact.map((e) => e.usage.effective), exact.map((e) => e.posted.effective));
  return new Map(teams.map((team, i) => [team, {
    usage: { billed: billed.usage[i], effective: effective.usage[i], exact: exact[i].usage },
    posted: { billed: billed.posted[i], effective: effective.posted[i], exact: exact[i].posted },
    total: { billed: billed.total[i], effective: effective.total[i], exact: addAmounts(exact[i].usage, exact[i].posted) },
  }]));
}

/** The usage row of {@link teamsWeekCents}: the engineering e-mail's spend by team. */
export function usageByTeam(teams: ReadonlyMap<string, TeamCents>): Map<string, Cents> {
  return new Map([...teams].map(([team, cents]) => [team, cents.usage]));
}

/**
 * One team's cents of one week: its cells of {@link teamsWeekCents}, and its usage by service and
 * account from the usage read. `team` is looked up as each read names it (its canonical spelling
 * in that week).
 */
export function teamWeekCents(teams: ReadonlyMap<string, TeamCents>, all: WeekSpend, usage: WeekSpend, team: string): TeamWeekCents {
  const cents = teams.get(all.owner.canonical(team)) ?? NO_TEAM;
  const detail = usage.owner.detail.get(usage.owner.canonical(team));
  return {
    ...cents,
    service: detail ? roundCut(detail.byService, cents.usage) : new Map(),
    account: detail ? roundCut(detail.byAccount, cents.usage) : new Map(),
  };
}

/**
 * The teams' usage and fees in one measure, rounded as one table (rows usage and fees, a column per
 * team). Its grand total is the usage rounded once plus the fees rounded once, so that the rows'
 * largest-remainder totals are those roundings (the row that rounds up first, should their
 * remainders tie); when those two read a cent more or less than any rounding of the whole (both
 * exact halves), the whole rounded once. The usage row's total is checked: it is the Usage row of
 * every e-mail.
 */
function roundTeams(usage: readonly Exact[], posted: readonly Exact[]): { usage: bigint[]; posted: bigint[]; total: bigint[] } {
  if (usage.length === 0) return { usage: [], posted: [], total: [] };
  const [usageExact, postedExact] = [sumExact(usage), sumExact(posted)];
  const [usageCents, postedCents] = [roundToCents(usageExact), roundToCents(postedExact)];
  const whole = addExact(usageExact, postedExact);
  const total = isRoundingOf(usageCents + postedCents, inCents(whole)) ? usageCents + postedCents : roundToCents(whole);
  const postedFirst = roundsUp(postedCents, inCents(postedExact)) && !roundsUp(usageCents, inCents(usageExact));
  const rows = [usage.map(inCents), posted.map(inCents)];
  const table = controlledRounding(postedFirst ? [rows[1], rows[0]] : rows, { total });
  const [usageRow, postedRow] = (postedFirst ? [table.cells[1], table.cells[0]] : table.cells).map((row) => row.map((c) => c ?? 0n));
  const usageShown = usageRow.reduce((s, c) => s + c, 0n);
  if (usageShown !== usageCents) {
    throw new CostlensError('internal', `team split: the teams' usage rounds to ${usageShown} cents, not the week's usage rounded once (${usageCents})`);
  }
  return { usage: usageRow, posted: postedRow, total: table.columnTotals };
}

/** Whether `cents` is the floor or the ceiling of `exact`. */
function isRoundingOf(cents: bigint, exact: Ratio): boolean {
  const floor = floorRatio(exact);
  return cents === floor || (cents === floor + 1n && exact.num % exact.den !== 0n);
}

/** Whether `cents`, a rounding of `exact`, is above its floor. */
function roundsUp(cents: bigint, exact: Ratio): boolean {
  return cents > floorRatio(exact);
}
