/** Rightsizing recommendations as rows (CSV) and as a readable report (table format). */
import type { TextTable } from '../../lib/table.ts';
import { renderTable } from '../../lib/table.ts';
import { formatThresholds } from '../findings.ts';
import { formatDollars, fromUnits, roundDecimal, toUnits } from '../../lib/money.ts';
import { COMMITMENT_COLUMNS, commitmentCells, costLeftBehindUnits } from '../instance-commitments.ts';
import type { RightsizingRecommendation, RightsizingReport } from './recommend.ts';
import { heldDaysFactor } from './savings.ts';
import { rightsizingNothingToSaveLines, rightsizingNothingToSaveSummary } from './nothing-to-save.ts';
import { rightsizingNotRunNote } from './on-athena.ts';
import { rightsizingNotJudged, withoutTypeCount } from '../not-judged.ts';
import { rightsizingMetricsNotes, rightsizingUsageWithoutTypeNote, withoutCpuMetricsNote } from './without-metrics.ts';
import { plural } from '../../lib/text.ts';
import { HOURS_PER_MONTH, shortDay } from '../../lib/calendar.ts';
import { rangeDays } from '../findings-window.ts';

/** The window cost a move's saving is taken from: all of it, less what a commitment that does not follow the move covered. */
function savingBase(r: RightsizingRecommendation): string {
  const left = r.move === 'resize' || r.move === 'family' ? costLeftBehindUnits(r.commitment, r.move) : 0n;
  return left > 0n
    ? `(${roundDecimal(r.windowCost, 2)} − ${fromUnits(left, 2)} a commitment that does not follow the move to ${r.recommendedType} covered)`
    : roundDecimal(r.windowCost, 2);
}

/**
 * What the header adds to the cost window: the factor that makes its days a month of 730 h,
 * ` × 730/720: a month of 730 h`, with why when the store holds only some of its days (` × 730/384:
 * a month of 730 h; the store holds 16 of its 30 days; the store's billing data begins on 27 Feb
 * 2025`), or why it holds none of them (`: the store holds no billing data`).
 */
function heldText(report: RightsizingReport): string {
  const held = report.costWindowHeld;
  if (held.days === 0) return `: ${held.missing}`;
  const month = ` ${heldDaysFactor(held)}: a month of ${HOURS_PER_MONTH} h`;
  return held.days === held.of ? month : `${month}; the store holds ${held.days} of its ${held.of} days; ${held.missing}`;
}

/** One row per recommendation with every figure, evidence as a sentence and thresholds as config keys. */
export function rightsizingTable(report: RightsizingReport): TextTable {
  return {
    columns: ['rule', 'service', 'resource_id', 'account_id', 'region', 'instance_type', 'recommended_type', 'action', 'confidence',
      'window_cost', 'hours_run', 'current_hourly_price', 'recommended_hourly_price', 'price_basis', 'monthly_saving_bill',
      'monthly_saving_commitment', 'list_saving_per_730h', 'list_saving_for_hours_run', ...COMMITMENT_COLUMNS,
      'confidence_reason', 'evidence', 'thresholds', 'alternative_type',
      'alternative_hourly_price', 'alternative_saving_bill', 'alternative_saving_commitment', 'alternative_list_saving_per_730h',
      'alternative_list_saving_for_hours_run', 'alternative_change', 'lookback_start', 'lookback_end', 'cost_start', 'cost_end'],
    rows: report.recommendations.map((r) => [
      r.rule, r.service, r.resourceId, r.accountId, r.region, r.instanceType, r.recommendedType, r.action, r.confidence,
      r.windowCost, r.hoursRun === null ? null : String(r.hoursRun), r.currentHourlyPrice === null ? null : String(r.currentHourlyPrice),
      r.recommendedHourlyPrice === null ? null : String(r.recommendedHourlyPrice),
      r.priceBasis, r.monthlySavingBill, r.monthlySavingCommitment, r.listSavingPer730h, r.listSavingForHoursRun,
      ...commitmentCells(r.commitment),
      r.confidenceReason, r.explanation, formatThresholds(r.thresholds),
      r.alternative?.instanceType ?? null, r.alternative ? String(r.alternative.hourlyPrice) : null,
      r.alternative?.monthlySavingBill ?? null, r.alternative?.monthlySavingCommitment ?? null, r.alternative?.listSavingPer730h ?? null,
      r.alternative?.listSavingForHoursRun ?? null, r.alternative?.platformChange ?? null,
      r.lookback.start, r.lookback.end, r.costWindow.start, r.costWindow.end,
    ]),
  };
}

/** A summary table, then (with `detail`) each recommendation's evidence, thresholds, pricing, commitment and alternative; the table fitted to `width`. */
export function rightsizingText(report: RightsizingReport, options: { width?: number; detail?: boolean } = {}): string {
  const freed = report.recommendations.filter((r) => toUnits(r.monthlySavingCommitment) > 0n).length;
  const heading = `Rightsizing as of ${shortDay(report.asOf, true)} (look-back ${rangeDays(report.lookback)}):`;
  const head = report.usageWithoutType && rightsizingNotJudged(report) ? `${heading} not judged: ${withoutTypeCount(report.usageWithoutType)} (below)` : heading
    + ` ${plural(report.recommendations.length, 'recommendation')},`
    + ` ${formatDollars(report.totalSavingBill)} a month saved on the bill (EffectiveCost ${rangeDays(report.costWindow)}${heldText(report)})`
    + (freed > 0 ? `; ${formatDollars(report.totalSavingCommitment)} more frees commitment, not cash (${freed} covered by a commitment with unused hours)` : '')
    + (report.nothingToSave.length > 0 ? `; ${rightsizingNothingToSaveSummary(report.nothingToSave)} (listed below, not in these figures)` : '');
  const lines = [head];
  const factor = heldDaysFactor(report.costWindowHeld);
  const held = report.costWindowHeld;
  const scaled = held.days > 0 && held.days < held.of ? `${factor} (the store holds ${held.days} of the window's ${held.of} days)` : factor;
  const notRun = rightsizingNotRunNote(report.notRun);
  if (notRun) lines.push(`Not run: ${notRun}.`);
  const unmeasured = withoutCpuMetricsNote(report.withoutCpuMetrics);
  if (unmeasured) lines.push(`Metrics: ${unmeasured}.`);
  if (report.usageWithoutType) lines.push(`Not judged: ${rightsizingUsageWithoutTypeNote(report.usageWithoutType)}.`);
  for (const note of rightsizingMetricsNotes(report)) lines.push(`Metrics: ${note}.`);
  lines.push('');
  if (report.recommendations.length > 0) {
    lines.push(renderTable({
      columns: ['#', 'rule', 'resource', 'type', 'recommended', 'hours_run', 'window_cost', 'saving_bill', 'frees_commitment',
        'list_per_730h', 'list_hours_run', 'confidence'],
      rows: report.recommendations.map((r, i) => [String(i + 1), r.rule, r.resourceId, r.instanceType,
        r.recommendedType ?? 'terminate', r.hoursRun === null ? '' : String(r.hoursRun), roundDecimal(r.windowCost, 2), r.monthlySavingBill, r.monthlySavingCommitment,
        r.listSavingPer730h, r.listSavingForHoursRun, r.confidence]),
      money: ['window_cost', 'saving_bill', 'frees_commitment', 'list_per_730h', 'list_hours_run'],
      optional: ['list_hours_run', 'list_per_730h', 'hours_run', 'confidence', 'window_cost', 'frees_commitment', 'type'],
    }, 'table', { width: options.width }));
    if (!options.detail) lines.push('--detail adds each recommendation\'s evidence, thresholds, pricing and alternative under the table.');
    if (options.detail) report.recommendations.forEach((r, i) => {
      lines.push(`${i + 1}. ${r.rule} ${r.resourceId} (${r.instanceType}, account ${r.accountId ?? 'unknown'}, ${r.region ?? 'region unknown'}): ${r.action}`);
      lines.push(`   evidence:   ${r.explanation}`);
      lines.push(`   confidence: ${r.confidence}: ${r.confidenceReason}`);
      lines.push(`   thresholds: ${formatThresholds(r.thresholds)}`);
      if (r.service === 'lambda') {
        lines.push(`   saving:     ${r.monthlySavingBill} a month from the bill`
          + (toUnits(r.monthlySavingCommitment) > 0n ? ` and ${r.monthlySavingCommitment} of freed commitment` : '')
          + ` (${roundDecimal(r.windowCost, 2)} of GB-seconds${scaled ? ` ${scaled}` : ''} × (1 − ${r.recommendedType} / ${r.instanceType}); ${r.priceBasis})`);
        if (r.commitment) lines.push(`   commitment: ${r.commitment.note}`);
        return;
      }
      lines.push(`   saving:     ${r.monthlySavingBill} a month from the bill`
        + (toUnits(r.monthlySavingCommitment) > 0n ? ` and ${r.monthlySavingCommitment} of freed commitment` : '')
        + ` (${savingBase(r)} over ${r.hoursRun} h${scaled ? ` ${scaled}` : ''} × (1 − ${r.recommendedHourlyPrice ?? 0} / ${r.currentHourlyPrice}), at most the window cost${factor ? ` ${factor}` : ''});`
        + ` at list prices ${r.listSavingPer730h ?? 'n/a'} per ${HOURS_PER_MONTH} h, ${r.listSavingForHoursRun ?? 'n/a'} for the ${r.hoursRun} h it ran (${r.priceBasis})`);
      if (r.commitment) lines.push(`   commitment: ${r.commitment.note}`);
      if (r.alternative) {
        lines.push(`   or:         ${r.alternative.instanceType} saving ${r.alternative.monthlySavingBill} a month from the bill`
          + (toUnits(r.alternative.monthlySavingCommitment) > 0n ? ` and ${r.alternative.monthlySavingCommitment} of freed commitment` : '')
          + ` (${r.alternative.listSavingPer730h ?? 'n/a'} per ${HOURS_PER_MONTH} h at list prices); ${r.alternative.platformChange}`);
      }
    });
  }
  lines.push(...rightsizingNothingToSaveLines(report.nothingToSave, options.detail));
  if (report.skipped.length > 0) {
    lines.push('', `Not judged (${report.skipped.length}):`, ...report.skipped.map((s) => `  ${s.resourceId}: ${s.reason}`));
  }
  return `${lines.join('\n')}\n`;
}
