/**
 * What a request to the Optimisation page, its chart and its downloads asks for: its filters, read
 * strictly, and its as-of day, checked against the store's billing data as `costlens idle --as-of`
 * checks it, with the defaults the CLI would pick.
 */
import { IDLE_RULES } from '../../../analyze/findings.ts';
import { asOfRefusal, type AsOfRefusal } from '../../../analyze/findings-window.ts';
import { idleAsOfChecks, type AsOfChecks } from '../../../analyze/rule-lookbacks.ts';
import { CostlensError } from '../../../errors.ts';
import type { Analyses } from '../../analysis-service.ts';
import { FieldError } from '../../field-error.ts';
import { FilterReader, type Filters } from '../../filters.ts';
import { MAX_TAG_KEY_LENGTH } from '../attribution/index.ts';
import { defaultOwnerKey } from './owners.ts';

/** The rules a finding can come from: the idle rules in priority order, then rightsizing's. */
export const OPTIMISATION_RULES = [...IDLE_RULES, 'rightsize-terminate', 'rightsize-downsize', 'rightsize-burstable', 'rightsize-lambda-memory'] as const;

/** The filters of the Optimisation page and its chart. */
const OPTIMISATION_FILTERS = ['as_of', 'account', 'rule', 'owner_key', 'owner'] as const;

/** "No owner tag" as the owner_key filter spells it. */
export const NO_OWNER_KEY = '-';

/** What the request asked for; absent (or empty) filters stay undefined. */
export interface OptimisationSelection {
  asOf?: string;
  account?: string;
  rule?: string;
  ownerKey?: string;
  owner?: string;
}

/**
 * Reads the optimisation filters strictly: `as_of` (a day: look-backs end at its start),
 * `account` (12 digits), `rule` (one of OPTIMISATION_RULES), `owner_key` (a tag key, or `-` for
 * none) and `owner` (a value of that key, or `(untagged)`).
 */
export function readOptimisationSelection(query: Filters, where: string): OptimisationSelection {
  const f = new FilterReader(query, where, OPTIMISATION_FILTERS);
  const selection: OptimisationSelection = {
    asOf: f.date('as_of'),
    account: f.matching('account', /^\d{12}$/, 'an AWS account id (12 digits)'),
    rule: f.choice('rule', OPTIMISATION_RULES),
    ownerKey: f.text('owner_key', MAX_TAG_KEY_LENGTH),
    owner: f.text('owner'),
  };
  if (selection.owner !== undefined && selection.ownerKey === NO_OWNER_KEY) {
    throw new CostlensError('usage', 'an owner filter needs an owner tag key (owner_key)', { hint: 'e.g. ?owner_key=team&owner=payments' });
  }
  return selection;
}

/**
 * What an as-of day of the page and the analysis API is checked by, as `costlens idle --as-of`
 * checks it: idle's look-backs (its 30-day cost window, or a longer rule window, must hold a day
 * of the billing data; its shortest rule window, 7 days by default, a complete day). The page shows
 * idle and rightsizing together and checks idle's rules only: with the default windows they are the
 * shorter (rightsizing looks back 14 days), so it refuses every day `costlens rightsize --as-of`
 * refuses, and the days after it whose rightsizing look-back still holds some of the data but whose
 * idle rules would judge no day. The downloads check each command's own (routes.ts).
 */
function optimisationAsOfChecks(analyses: Analyses): AsOfChecks {
  return idleAsOfChecks(analyses.config.idle);
}

/**
 * Refuses an as-of day as `costlens idle|rightsize --as-of` refuses it, with a 400 naming `as_of`
 * (a page marks the field) rather than "0 findings, $0.00": first when the most days its command
 * looks back on (`checks.days`: the 30-day cost window every figure of the page and its downloads
 * is measured over, or a longer rule window or look-back from the config) hold no day of the
 * store's billing data (the store's first and last day); then when its rules' look-back
 * (`checks.rules`), holds no complete day of it (lookbackPastData, the CLI's one check, in the
 * words of `as_of`). `checks` are the command's own (rule-lookbacks.ts), idle's for the page
 * ({@link optimisationAsOfChecks}) unless given. Both hints give the days that pass both checks.
 */
export async function refuseAsOfOutsideData(analyses: Analyses, asOf: string | undefined, checks = optimisationAsOfChecks(analyses)): Promise<void> {
  if (asOf === undefined) return;
  const refusal = await optimisationAsOfRefusal(analyses, asOf, checks);
  if (refusal) throw new FieldError('as_of', refusal.message, { hint: refusal.hint });
}

/**
 * Why the Optimisation page (or, with its `checks`, a download) refuses the as-of day `asOf`, in the
 * words of `as_of` ({@link refuseAsOfOutsideData}), or null when it takes it (a store without
 * billing lines is not checked).
 */
async function optimisationAsOfRefusal(analyses: Analyses, asOf: string, checks = optimisationAsOfChecks(analyses)): Promise<AsOfRefusal | null> {
  const span = await analyses.billingSpan();
  if (!span) return null;
  return asOfRefusal(span, asOf, checks, () => analyses.defaultAsOf(), 'as_of');
}

/** An as-of day the Optimisation page takes, for a link to it; `refused` says why it is not the day asked for. */
export interface OptimisationDay {
  asOf: string;
  /** Why the page refuses the day asked for ({@link optimisationAsOfRefusal}'s message); null when `asOf` is that day. */
  refused: string | null;
}

/**
 * The as-of day a link to the Optimisation page can carry for `asOf` (the end of the resource view's
 * range): `asOf` itself when the page takes it, else the page's default, the day after the data
 * horizon (as a URL without as_of is redirected to), with why, so that the link never answers 400.
 */
export async function optimisationDayFor(analyses: Analyses, asOf: string): Promise<OptimisationDay> {
  const refusal = await optimisationAsOfRefusal(analyses, asOf);
  return refusal ? { asOf: await analyses.defaultAsOf(), refused: refusal.message } : { asOf, refused: null };
}

/** {@link readOptimisationSelection}, with its as-of day checked against the store's billing data ({@link refuseAsOfOutsideData}). */
export async function readCheckedSelection(analyses: Analyses, query: Filters, where: string): Promise<OptimisationSelection> {
  const selection = readOptimisationSelection(query, where);
  await refuseAsOfOutsideData(analyses, selection.asOf);
  return selection;
}

/** The selection with its defaults: the CLI's as-of day and the owner key the data suggests. */
export async function resolveOptimisation(analyses: Analyses, selection: OptimisationSelection): Promise<OptimisationSelection & { asOf: string; ownerKey: string }> {
  const asOf = selection.asOf ?? (await analyses.defaultAsOf());
  const ownerKey = selection.ownerKey ?? (await defaultOwnerKey(analyses, asOf)) ?? NO_OWNER_KEY;
  return { ...selection, asOf, ownerKey };
}
