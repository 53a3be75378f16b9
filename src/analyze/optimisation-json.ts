/**
 * The JSON of the optimisation findings, one text for `costlens idle|rightsize --format json` and
 * the Optimisation page's JSON downloads (README: the same bytes): the findings as the analyses
 * build them, in costlens's one JSON style (src/lib/json-rows.ts): timestamps ISO 8601 UTC and
 * catalogue prices, which the analyses keep as numbers, as exact decimal strings.
 */
import { jsonDocument } from '../lib/json-rows.ts';
import type { IdleFinding } from './findings.ts';
import { COVERAGE_MONEY_FIELDS } from './instance-commitments.ts';
import type { RightsizingRecommendation } from './rightsizing/index.ts';

/** `costlens idle --format json`: the findings, inventory and idle-since timestamps in ISO 8601, their coverage's money as decimal strings. */
export function idleJson(findings: readonly IdleFinding[]): string {
  return `${JSON.stringify(jsonDocument(findings, { timestamps: ['observedAt', 'firstIdle', 'lastIdle'], money: COVERAGE_MONEY_FIELDS }), null, 2)}\n`;
}

/** `costlens rightsize --format json`: the recommendations, on-demand catalogue prices per hour and their coverage's money as decimal strings. */
export function rightsizingJson(recommendations: readonly RightsizingRecommendation[]): string {
  return `${JSON.stringify(jsonDocument(recommendations, { money: ['currentHourlyPrice', 'recommendedHourlyPrice', 'hourlyPrice', ...COVERAGE_MONEY_FIELDS] }), null, 2)}\n`;
}
