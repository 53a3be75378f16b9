/** Audiences: parsing `--audience`, expanding `all`, and each audience's recipients. */
import { CostlensError } from '../errors.ts';
import type { ReportConfig } from './config.ts';
import { audienceId, type Audience } from './model.ts';

/** What `--audience` asks for. */
export type AudienceChoice = 'all' | Audience;

/** Parses `finance`, `engineering`, `team:NAME` or `all`. */
export function parseAudience(text: string): AudienceChoice {
  if (text === 'all' || text === 'finance' || text === 'engineering') return text === 'all' ? 'all' : { kind: text };
  const team = /^team:(.+)$/.exec(text)?.[1]?.trim();
  if (team) return { kind: 'team', team };
  throw new CostlensError('usage', `--audience must be finance, engineering, team:NAME or all; got "${text}"`, {
    hint: 'team:NAME takes the owner tag value as attribution names it, e.g. team:payments',
  });
}

/** `all` is finance, engineering and every team with addresses in report.audiences.teams (in name order). */
export function expandAudiences(choice: AudienceChoice, config: ReportConfig): Audience[] {
  if (choice !== 'all') return [choice];
  const teams = Object.keys(config.audiences.teams).sort();
  return [{ kind: 'finance' }, { kind: 'engineering' }, ...teams.map((team): Audience => ({ kind: 'team', team }))];
}

/** The configured recipients of an audience, or the --to override. */
export function recipientsFor(audience: Audience, config: ReportConfig, override: readonly string[] | undefined): string[] {
  if (override && override.length > 0) return [...override];
  if (audience.kind === 'team') return [...(config.audiences.teams[audience.team] ?? [])];
  return [...config.audiences[audience.kind]];
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
