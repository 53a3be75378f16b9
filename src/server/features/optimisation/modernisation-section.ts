import { html } from 'hono/html';
import {
  findModernisation, leftOutCount, type ModerniseFinding, type ModerniseReport, moderniseUsageWithoutTypeNote, nearestModerniseAsOf, nothingToSaveCount,
  SUPERSEDED_WHY, type SupersededFinding,
} from '../../../analyze/modernise/index.ts';
import { aboveZero } from '../../../analyze/saves-nothing.ts';
import { addDays, daySpan, HOURS_PER_MONTH } from '../../../lib/calendar.ts';
import { plural, pluralNoun } from '../../../lib/text.ts';
import { CostlensError } from '../../../errors.ts';
import type { Analyses } from '../../analysis-service.ts';
import { count, day, type Html, money, resourceClass, withBreaks } from '../../html/index.ts';
import { evidenceFigures } from './evidence-figures.ts';
import { moderniseNotJudged } from '../../../analyze/not-judged.ts';
import { linesLeftOut } from '../../usage-without-type.ts';

/**
 * `costlens modernise` as of a day, cached per store generation like the other analyses: without
 * the findings that the worklist's idle findings and rightsizing recommendations of that day (the
 * same cached reports) supersede, as the command leaves them out.
 */
export async function moderniseReport(analyses: Analyses, asOf: string): Promise<ModerniseReport> {
  const superseding = { at: async (on: string) => ({ idle: (await analyses.idle(on)).findings, rightsizing: (await analyses.rightsizing(on)).recommendations }) };
  return (await analyses.cached(`modernise\u0000${asOf}`, () => findModernisation(analyses.engine, analyses.config.modernise, { asOf, superseding }))).value;
}

/**
 * What the section leaves out and why: the findings on resources idle flags (listed in the worklist
 * above) and on instances rightsizing recommends another type for, in a table folded under a
 * note; or why they were not looked for. Empty when nothing was left out.
 */
function supersededPart(report: ModerniseReport): Html {
  if (report.notChecked !== null) return html`<p class="note" id="modernisation-not-checked">Idle and rightsizing: ${report.notChecked}.</p>`;
  const all = [...report.supersededByIdle, ...report.supersededByRightsizing];
  if (all.length === 0) return html``;
  const why = [
    report.supersededByIdle.length > 0 ? `${leftOutCount(report.supersededByIdle.length)}: ${SUPERSEDED_WHY.idle} (the worklist above)` : null,
    report.supersededByRightsizing.length > 0 ? `${leftOutCount(report.supersededByRightsizing.length)}: ${SUPERSEDED_WHY.rightsize} (the worklist above)` : null,
  ].filter(Boolean).join('; ');
  const row = (f: SupersededFinding) => html`<tr data-rule="${f.rule}" data-resource="${f.resourceId}" data-superseded-by="${f.supersededBy.command}">
    <td><span class="${resourceClass(f.resourceId)}">${f.resourceId}</span></td>
    <td class="text breakable">${f.rule}</td>
    <td class="text breakable">${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (platform change: arm64)' : ''}</td>
    <td data-value="${f.monthlySaving ?? ''}">${f.monthlySaving === null ? 'not priced' : money(f.monthlySaving)}</td>
    <td class="text breakable">${f.supersededBy.rule}${f.supersededBy.target ? ` → ${f.supersededBy.target}` : ''}: ${f.supersededBy.action}</td>
  </tr>`;
  return html`<p class="note" id="modernisation-superseded" data-count="${all.length}">Not in this list or its totals: ${why}.</p>
<details class="superseded"><summary>The ${count(String(all.length))} left out, with the saving each move would have made</summary>
<div class="table-scroll" tabindex="0" role="region" aria-label="Modernisation findings left out"><table class="numbers findings stack" id="modernisation-superseded-findings">
  <thead><tr><th>Resource</th><th class="text">Rule</th><th class="text">Move</th><th>Monthly saving (not counted)</th><th class="text">Superseded by</th></tr></thead>
  <tbody>${all.map(row)}</tbody>
</table></div></details>`;
}

/**
 * The findings left out because their move saves nothing on the bill (a resource billed $0.00),
 * counted, then each named with why, saying once that the move saves nothing: `Not in this list or
 * its totals: 1 gp2 volume left out, as the move saves nothing on the bill: vol-… ebs-gp2-to-gp3,
 * billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices).`;
 * empty when there are none.
 */
function nothingToSavePart(report: ModerniseReport): Html {
  if (report.nothingToSave.length === 0) return html``;
  return html`<p class="note" id="modernisation-nothing-to-save" data-count="${report.nothingToSave.length}">Not in this list or its totals: ${nothingToSaveCount(report.nothingToSave)} left out, as the move saves nothing on the bill:
  ${report.nothingToSave.map((f, i) => html`${i > 0 ? '; ' : ''}<span class="${resourceClass(f.resourceId)}">${f.resourceId}</span> ${f.rule}, ${f.reason}`)}.</p>`;
}

/**
 * The AWS usage lines of the cost window that no rule could judge, having no usage type (a FOCUS
 * 1.0 export), in `costlens modernise`'s words (its `Not judged:` line); empty when there are none.
 */
function withoutUsageTypePart(report: ModerniseReport): Html {
  if (!report.usageWithoutType) return html``;
  return html`<p class="note" id="modernisation-without-usage-type" data-lines="${report.usageWithoutType.lines}">Not judged: ${moderniseUsageWithoutTypeNote(report.usageWithoutType)}.</p>`;
}

/** A saving cell: the cash (data-value), and under it what frees commitment or comes once a commitment is taken up or ends, if any. */
function savingParts(cash: string | null, commitment: string | null, deferred: string | null): Html {
  return html`<td data-value="${cash ?? ''}">${cash === null ? 'not priced' : money(cash)}${aboveZero(commitment)
    ? html`<span class="note freed" data-value="${commitment}">+ ${money(commitment)} of commitment freed</span>` : ''}${aboveZero(deferred)
    ? html`<span class="note deferred" data-value="${deferred}">+ ${money(deferred)} once a commitment is taken up or ends</span>` : ''}</td>`;
}

/** Where an action may break: after the slash between two names (`VolumeReadBytes/<wbr>VolumeWriteBytes`), not inside a unit (`MiB/s`). */
const SLASHED_NAMES = /(?<=[A-Za-z]{4}\/)(?=[A-Za-z]{4})/;

/** What to do, with the why (the explanation, prices and evidence figures) in an expander, as the worklist shows its findings. */
export function actionCell(f: ModerniseFinding): Html {
  return html`<td class="text action">${withBreaks(f.action, SLASHED_NAMES)}<details class="evidence"><summary>Why: ${f.rule}, ${f.confidence} confidence</summary>
      <p>${f.explanation}</p>
      <p class="note">prices: ${f.priceSource}</p>
      ${evidenceFigures(f.evidence)}
    </details></td>`;
}

/** A finding's saving cell. */
export function savingCell(f: ModerniseFinding): Html {
  return savingParts(f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred);
}

/** Why there is no modernisation view as of a day, and the nearest as-of day `costlens modernise` takes (null when none is known). */
export interface NoModernisationView {
  why: string;
  nearest: string | null;
}

/**
 * `costlens modernise --as-of` for the page, or why there is no modernisation view for that day: an
 * as-of day whose day before is not a complete day of the billing data (the day modernise looks at,
 * which it refuses), with the nearest day it takes (nearestModerniseAsOf).
 */
export async function moderniseReportOrWhy(analyses: Analyses, asOf: string): Promise<ModerniseReport | NoModernisationView> {
  const span = await analyses.billingSpan();
  const nearest = span && !span.wholeBillsOnly ? nearestModerniseAsOf(span, asOf) : asOf;
  if (span && nearest !== asOf) {
    return {
      why: `modernise looks at the bill of the day before the as-of day, and ${day(addDays(asOf, -1))} is not a complete day of the billing data (${daySpan(span.firstDay, span.lastDay)})`,
      nearest,
    };
  }
  try {
    return await moderniseReport(analyses, asOf);
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'usage') return { why: error.message, nearest: null };
    throw error;
  }
}

/**
 * Why there is no modernisation view for the day, and the command that gives the nearest one (`…:
 * the latest bill it can look at is of 14 Nov 2026: costlens modernise --as-of 2026-11-15`), with
 * `link`, when given, to the page as of that day.
 */
export function noModernisationNote(view: NoModernisationView, asOf: string, link?: (nearest: string) => string): Html {
  const { why, nearest } = view;
  if (nearest === null) return html`No modernisation view for this day: ${why}.`;
  return html`No modernisation view for this day: ${why}; the ${nearest > asOf ? 'earliest' : 'latest'} bill it can look at is of ${day(addDays(nearest, -1))}:
  <code>costlens modernise --as-of ${nearest}</code>${link ? html`, or <a href="${link(nearest)}">this page as of ${day(nearest)}</a>` : ''}.`;
}

/**
 * The Optimisation page's modernisation section: what `costlens modernise --as-of` finds for the
 * page's as-of day (the page's other filters do not apply), with each finding's evidence, monthly
 * cost, savings and price source. An as-of day the bill does not reach gives a note instead, which quotes
 * the command of the nearest day modernise takes and links the page as of that day; AWS
 * usage without a usage type, which no rule can judge, is named as the command names it.
 */
export async function modernisationSection(analyses: Analyses, asOf: string): Promise<Html> {
  const report = await moderniseReportOrWhy(analyses, asOf);
  if ('why' in report) {
    return html`<section class="top-table" id="modernisation" aria-labelledby="modernisation-title"><h2 id="modernisation-title">Modernisation</h2>
<p class="note" id="no-modernisation">${noModernisationNote(report, asOf, (nearest) => `/optimisation?${new URLSearchParams({ as_of: nearest })}`)}</p></section>`;
  }
  if (report.usageWithoutType && moderniseNotJudged(report)) {
    return html`<section class="top-table" id="modernisation" aria-labelledby="modernisation-title"><h2 id="modernisation-title">Modernisation</h2>
<p class="range" id="modernisation-summary" data-value="">Not judged from the bill of ${day(report.day)} (<code>costlens modernise --as-of ${report.asOf}</code>; the account, rule and owner filters above do not apply):
  ${linesLeftOut(report.usageWithoutType, 'effective')} (the note below), so no cost or saving is claimed.</p>
${withoutUsageTypePart(report)}</section>`;
  }
  const n = report.findings.length;
  const freeing = report.findings.filter((f) => aboveZero(f.monthlySavingCommitment)).length;
  const waiting = report.findings.filter((f) => aboveZero(f.monthlySavingDeferred)).length;
  return html`<section class="top-table" id="modernisation" aria-labelledby="modernisation-title">
<h2 id="modernisation-title">Modernisation</h2>
<p class="range" id="modernisation-summary" data-value="${report.totalMonthlySaving}">${count(String(n))} ${pluralNoun(n, 'finding')} from the bill of ${day(report.day)}
  (<code>costlens modernise --as-of ${report.asOf}</code>; the account, rule and owner filters above do not apply): they cost ${money(report.totalMonthlyCost)} a month,
  and moving them saves ${money(report.totalMonthlySaving)} a month in cash at their own rates (${money(report.totalListMonthlySaving)} at list prices)${freeing > 0
    ? html`, and frees <span id="modernisation-commitment" data-value="${report.totalMonthlySavingCommitment}">${money(report.totalMonthlySavingCommitment)}</span> a month of commitment instead of cash (${count(String(freeing))} covered by a Compute Savings Plan with commitment unused that day)`
    : ''}${waiting > 0
    ? html`; the hours a Reserved Instance or EC2 Instance Savings Plan covered (${count(String(waiting))} ${pluralNoun(waiting, 'finding')}; it does not follow a change of instance family) save <span id="modernisation-deferred" data-value="${report.totalMonthlySavingDeferred}">${money(report.totalMonthlySavingDeferred)}</span> a month more at list prices once other usage of the family takes it up or it ends`
    : ''}.</p>
${withoutUsageTypePart(report)}
${nothingToSavePart(report)}
${supersededPart(report)}
<div class="table-scroll" tabindex="0" role="region" aria-label="Modernisation findings"><table class="numbers findings stack" id="modernisation-findings">
  <thead><tr><th>Resource</th><th class="text">Rule</th><th class="text">Account</th><th class="text">Region</th><th class="text">Move</th><th class="text">Action</th><th>Monthly cost</th><th>Monthly saving</th><th>At list prices</th></tr></thead>
  <tbody>
    ${report.findings.map((f) => html`<tr data-rule="${f.rule}" data-resource="${f.resourceId}">
    <td><span class="${resourceClass(f.resourceId)}">${f.resourceId}</span></td>
    <td class="text breakable">${f.rule}</td>
    <td class="text">${f.accountId ?? ''}</td>
    <td class="text">${f.region ?? ''}</td>
    <td class="text breakable">${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (platform change: arm64)' : ''}</td>
    ${actionCell(f)}
    <td data-value="${f.monthlyCost}">${money(f.monthlyCost)}</td>
    ${savingCell(f)}
    <td data-value="${f.listMonthlySaving ?? ''}">${f.listMonthlySaving === null ? '–' : money(f.listMonthlySaving)}</td>
  </tr>`)}
  </tbody>
  <tfoot><tr><th>Total</th><td colspan="5">${count(String(n))} ${pluralNoun(n, 'finding')}</td><td data-value="${report.totalMonthlyCost}">${money(report.totalMonthlyCost)}</td>
    ${savingParts(report.totalMonthlySaving, report.totalMonthlySavingCommitment, report.totalMonthlySavingDeferred)}<td data-value="${report.totalListMonthlySaving}">${money(report.totalListMonthlySaving)}</td></tr></tfoot>
</table></div>
<p class="note">Monthly cost: the resource's EffectiveCost on ${day(report.day)} over the hours its lines cover, × ${HOURS_PER_MONTH} h; for EBS volumes and snapshots, priced by the GB-month, × the hours of that day's month (the month's price, whatever its length). Saving: that × (1 − new ÷ old catalogue price),
  in cash; where a commitment covered an instance that day, its share of the saving frees commitment instead (a Compute Savings Plan whose commitment was not all used that day);
  the hours a Reserved Instance or EC2 Instance Savings Plan covered (they apply to their own instance family only) are left out of it and save at list prices once other usage takes the commitment up or it ends;
  at list prices: the catalogue difference for the size the bill shows. Thresholds come from <code>modernise:</code> in costlens.config.yaml.
  ${report.skipped.length > 0 ? `${plural(report.skipped.length, 'resource was', 'resources were')} not priced (costlens modernise lists why).` : ''}</p>
</section>`;
}
