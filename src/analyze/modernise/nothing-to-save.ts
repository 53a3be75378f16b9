/**
 * Modernisation findings that take nothing off the bill: the move saves 0.00 a month in cash, frees
 * no commitment and saves nothing once a commitment is taken up or ends (to the cent), for the
 * finding and each alternative; most often because the bill charges the resource 0.00 (free tier).
 * They leave the list and its totals and are counted apart with the reason, as superseded ones are.
 * Unpriced findings (a saving of null) are not among them: their saving is unknown, not zero.
 */
import { dollarsOfDecimal, formatDollars, toUnits, withoutTrailingZeros } from '../../lib/money.ts';
import { shortDay } from '../../lib/calendar.ts';
import { type ModerniseFinding, type ModerniseKind } from './findings.ts';
import { movesSaveNothing, splitSavingNothing, type MoveMoney } from '../saves-nothing.ts';
import { plural } from '../../lib/text.ts';
import { rangeDays } from '../findings-window.ts';

/** A finding left out of the list and its totals because its move saves nothing on the bill. */
export interface NothingToSave
  extends Pick<ModerniseFinding, 'rule' | 'kind' | 'resourceId' | 'accountId' | 'region' | 'current' | 'target' | 'platformChange' | 'hourlyRate'
    | 'monthlyCost' | 'listMonthlySaving' | 'day'> {
  /** True when the bill charged the resource 0.00 on `day` (free tier or another zero rate); false when it saves under half a cent a month. */
  billedZero: boolean;
  /**
   * Why its move saves nothing on the bill, in one clause, money in dollars and days in the house
   * style, without saying again that it saves nothing (the heading it sits under, or the note, says
   * it once): `billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list
   * prices)`, `billed $0.000000008 an hour over 1–30 Nov 2018, a saving under half a cent a month`.
   */
  reason: string;
}

/** Modernisation findings split into those that save something and those that save nothing on the bill. */
export interface NothingToSaveSplit {
  kept: ModerniseFinding[];
  nothingToSave: NothingToSave[];
}

type Saving = Pick<ModerniseFinding, 'monthlySaving' | 'monthlySavingCommitment' | 'monthlySavingDeferred'>;

const money = (s: Saving): MoveMoney => ({ cash: s.monthlySaving, commitment: s.monthlySavingCommitment, afterCommitments: s.monthlySavingDeferred });

/** True when a priced finding's move and every alternative save 0.00 a month in cash, commitment and after commitments (the shared rule, movesSaveNothing). */
export function savesNothing(f: ModerniseFinding): boolean {
  return movesSaveNothing(money(f), f.alternatives.map(money));
}

/** Kinds whose rate is their cost over the whole window, not on the finding's day (s3.ts, network.ts). */
const WINDOW_RATED = new Set<ModerniseKind>(['s3-bucket', 'nat-gateway', 'inter-az-source']);

function leftOut(f: ModerniseFinding): NothingToSave {
  const billedZero = toUnits(f.hourlyRate) === 0n;
  const when = WINDOW_RATED.has(f.kind) ? `over ${rangeDays(f.costWindow)}` : `on ${shortDay(f.day, true)}`;
  const atList = f.listMonthlySaving === null ? null : `${formatDollars(f.listMonthlySaving)} a month at list prices`;
  const reason = billedZero
    ? `billed $0.00 ${when} (free tier or another zero rate${atList ? `; ${atList}` : ''})`
    : `billed ${dollarsOfDecimal(withoutTrailingZeros(f.hourlyRate, 2))} an hour ${when}, a saving under half a cent a month${atList ? ` (${atList})` : ''}`;
  return {
    rule: f.rule, kind: f.kind, resourceId: f.resourceId, accountId: f.accountId, region: f.region, current: f.current, target: f.target,
    platformChange: f.platformChange, hourlyRate: f.hourlyRate, monthlyCost: f.monthlyCost, listMonthlySaving: f.listMonthlySaving, day: f.day,
    billedZero, reason,
  };
}

/** Splits `findings` (kept in their order) into those whose move saves something on the bill and those that save nothing. */
export function splitNothingToSave(findings: readonly ModerniseFinding[]): NothingToSaveSplit {
  return splitSavingNothing(findings, savesNothing, leftOut);
}

const NOUNS: Record<ModerniseKind, string> = {
  'ebs-volume': 'volume', 'ec2-instance': 'instance', 'rds-instance': 'DB instance', 'ebs-snapshot': 'snapshot', 's3-bucket': 'S3 bucket',
  'nat-gateway': 'NAT gateway', 'inter-az-source': 'inter-AZ source',
};

/** What a group of left-out findings is: `gp2 volume`, `t2.micro instance`, `snapshot`. */
function what(f: NothingToSave): string {
  return f.kind === 'ebs-volume' || f.kind === 'ec2-instance' || f.kind === 'rds-instance' ? `${f.current} ${NOUNS[f.kind]}` : NOUNS[f.kind];
}

/** The left-out findings counted by what they are: `1 gp2 volume`, `4 inter-AZ sources, 1 gp2 volume`; empty when there are none. */
export function nothingToSaveCount(items: readonly NothingToSave[]): string {
  const counts = new Map<string, number>();
  for (const f of items) counts.set(what(f), (counts.get(what(f)) ?? 0) + 1);
  return [...counts].map(([noun, n]) => plural(n, noun)).join(', ');
}

/**
 * The left-out findings counted by what they are and why, in one clause:
 * `1 gp2 volume billed $0.00 (free tier or another zero rate) left out: the move saves nothing on the bill`;
 * empty when there are none.
 */
export function nothingToSaveSummary(items: readonly NothingToSave[]): string {
  if (items.length === 0) return '';
  const groups = new Map<string, { noun: string; why: string; n: number }>();
  for (const f of items) {
    const why = f.billedZero ? 'billed $0.00 (free tier or another zero rate)' : 'saving under half a cent a month';
    const key = `${what(f)} ${why}`;
    const group = groups.get(key) ?? { noun: what(f), why, n: 0 };
    groups.set(key, { ...group, n: group.n + 1 });
  }
  const parts = [...groups.values()].map(({ noun, why, n }) => `${plural(n, noun)} ${why}`);
  return `${parts.join(', ')} left out: the move saves nothing on the bill`;
}
