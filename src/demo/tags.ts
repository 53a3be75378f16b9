/** Cost-allocation tags with the mess real organisations have: key and value variants, gaps. */
import { TEAMS } from './catalog.ts';
import type { Prng } from './prng.ts';

/** Tag values of one resource, one field per raw tag key (DuckDB column names are case-insensitive). */
export interface TagSet {
  tag_team_lc: string | null;
  tag_team_tc: string | null;
  tag_team_uc: string | null;
  tag_cost_center_kebab: string | null;
  tag_cost_center_pascal: string | null;
  tag_environment: string | null;
  tag_aws_created_by: string | null;
}

/** Maps each tag column to its legacy CUR key (`resourceTags/<key>`). */
export const TAG_COLUMNS: readonly { column: keyof TagSet; legacyKey: string; firstPeriod: number }[] = [
  { column: 'tag_aws_created_by', legacyKey: 'aws:createdBy', firstPeriod: 0 },
  { column: 'tag_cost_center_pascal', legacyKey: 'user:CostCenter', firstPeriod: 1 },
  { column: 'tag_team_uc', legacyKey: 'user:TEAM', firstPeriod: 0 },
  { column: 'tag_team_tc', legacyKey: 'user:Team', firstPeriod: 0 },
  { column: 'tag_cost_center_kebab', legacyKey: 'user:cost-center', firstPeriod: 0 },
  { column: 'tag_environment', legacyKey: 'user:environment', firstPeriod: 0 },
  { column: 'tag_team_lc', legacyKey: 'user:team', firstPeriod: 0 },
];

/** The raw tag keys that carry the owning team. */
export const TEAM_TAG_KEYS = ['team', 'Team', 'TEAM'] as const;

/** Every spelling of a team tag value the demo plants, mapped to its canonical team. */
export function teamAliases(): Record<string, string[]> {
  return Object.fromEntries(Object.values(TEAMS).map((t) => [t.name, t.variants.map(([v]) => v)]));
}

const CREATORS = [
  'IAMUser:AIDA4EXAMPLEALICE01:alice',
  'AssumedRole:AROA4EXAMPLETFCI001:terraform-ci',
  'AssumedRole:AROA4EXAMPLECFN0001:AWSCloudFormation',
  'IAMUser:AIDA4EXAMPLEBOB0001:bob',
];

/**
 * Draws the tags of one resource owned by `team`. With probability `untaggedProb` the
 * resource gets no team tag (it may still carry `environment` or `aws:createdBy`).
 */
export function tagResource(p: Prng, team: string, environment: string, untaggedProb: number): TagSet {
  const tags: TagSet = {
    tag_team_lc: null, tag_team_tc: null, tag_team_uc: null, tag_cost_center_kebab: null,
    tag_cost_center_pascal: null, tag_environment: null, tag_aws_created_by: null,
  };
  const untagged = untaggedProb >= 1 || (untaggedProb > 0 && p.chance(untaggedProb));
  if (p.chance(0.65)) tags.tag_aws_created_by = p.pick(CREATORS);
  if (untagged) {
    if (p.chance(0.3)) tags.tag_environment = environment;
    return tags;
  }
  const t = TEAMS[team];
  const value = p.weighted(t.variants);
  const key = p.weighted([['lc', 6], ['tc', 3], ['uc', 1]] as const);
  if (key === 'lc') tags.tag_team_lc = value;
  else if (key === 'tc') tags.tag_team_tc = value;
  else tags.tag_team_uc = value;
  if (p.chance(0.85)) {
    const cc = p.chance(0.05) ? t.costCenter.toLowerCase() : t.costCenter;
    if (p.chance(0.6)) tags.tag_cost_center_kebab = cc;
    else tags.tag_cost_center_pascal = cc;
  }
  if (p.chance(0.9)) {
    tags.tag_environment = environment === 'prod' ? p.weighted([['prod', 8], ['production', 1], ['Prod', 1]] as const) : environment;
  }
  return tags;
}
