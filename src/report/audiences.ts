/** Audiences: parsing `--audience`, expanding `all`, and each audience's recipients. */
import { CostlensError } from '../errors.ts';
import { closestMatch } from '../lib/suggest.ts';
import type { ReportConfig } from './config.ts';
import { audienceId, type Audience } from './model.ts';

/** What `--audience` asks for. */
export type AudienceChoice = 'all' | Audience;

/** Parses `finance`, `engineering`, `team:NAME` or `all`. */
export function parseAudience(text: string): AudienceChoice {
  if (text === 'all' || text === 'finance' || text === 'engineering') return text === 'all' ? 'all' : { kind: text };
  const team = /^team:(.+)$/.exec(text)?.[1]?.trim();
  if (team) return { kind: 'team', team };
  const meant = closestMatch(text, ['finance', 'engineering', 'all']);
  throw new CostlensError('usage', `--audience must be finance, engineering, team:NAME or all; got "${text}"`, {
    hint: `${meant ? `did you mean "${meant}"? ` : ''}team:NAME takes the owner tag value as attribution names it, e.g. team:payments`,
  });
}

/**
 * The team an owner tag value stands for, as attribution reads the value (aliases, case folding,
 * spaces at the ends: `Paymnets` → `payments`); see `readClassifiedSpend(…).resolveValue`. Without one, a
 * team is its spelling.
 */
export type TeamName = (spelling: string) => string;

const asSpelled: TeamName = (spelling) => spelling;

/** The audience with its team named as attribution names it (`team:Paymnets` → `team:payments`). */
export function canonicalAudience(audience: Audience, teamName: TeamName = asSpelled): Audience {
  return audience.kind === 'team' ? { kind: 'team', team: teamName(audience.team) } : audience;
}

/**
 * `all` is finance, engineering and every team with addresses in report.audiences.teams (in name
 * order); each team once, by the name `teamName` reads its key as (two keys that are spellings of
 * one team are one audience).
 */
export function expandAudiences(choice: AudienceChoice, config: ReportConfig, teamName: TeamName = asSpelled): Audience[] {
  if (choice !== 'all') return [canonicalAudience(choice, teamName)];
  const teams = [...new Set(Object.keys(config.audiences.teams).map((key) => teamName(key)))].sort();
  return [{ kind: 'finance' }, { kind: 'engineering' }, ...teams.map((team): Audience => ({ kind: 'team', team }))];
}

/**
 * The configured recipients of an audience, or the --to override. A team's are the addresses of
 * every key of report.audiences.teams that `teamName` reads as the same team (`payments`, or a
 * key spelled `Payments`), each address once.
 */
export function recipientsFor(audience: Audience, config: ReportConfig, override: readonly string[] | undefined, teamName: TeamName = asSpelled): string[] {
  if (override && override.length > 0) return [...override];
  if (audience.kind !== 'team') return [...config.audiences[audience.kind]];
  const team = teamName(audience.team);
  const addresses = Object.entries(config.audiences.teams)
    .filter(([key]) => key === audience.team || teamName(key) === team)
    .flatMap(([, list]) => list);
  return [...new Map(addresses.map((a) => [a.trim().toLowerCase(), a])).values()];
}

/** Splits repeated or comma-separated --to values into addresses, checking each looks like one. */
export function parseRecipients(values: readonly string[]): string[] {
  const addresses = values.flatMap((v) => v.split(',')).map((a) => a.trim()).filter(Boolean);
  for (const a of addresses) {
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a)) throw new CostlensError('usage', `--to: "${a}" is not an e-mail address`);
  }
  return addresses;
}

/** A file-name-safe form of an audience id: `team:data platform` → `team-data_platform`. */
export function audienceFileStem(audience: Audience): string {
  return audienceId(audience).replace(':', '-').replace(/[^A-Za-z0-9._-]+/g, '_');
}
