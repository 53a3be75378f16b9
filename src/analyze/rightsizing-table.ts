/** Rightsizing recommendations as rows (CSV) and as a readable report (table format). */
import type { TextTable } from '../cli/output.ts';
import { renderTable } from '../cli/output.ts';
import { formatThresholds } from './findings.ts';
import { roundDecimal } from './findings-money.ts';
import type { RightsizingReport } from './rightsizing.ts';

/** One row per recommendation with every figure, evidence as a sentence and thresholds as config keys. */
export function rightsizingTable(report: RightsizingReport): TextTable {
  return {
    columns: ['rule', 'service', 'resource_id', 'account_id', 'region', 'instance_type', 'recommended_type', 'action', 'confidence',
      'monthly_cost', 'current_hourly_price', 'recommended_hourly_price', 'price_basis', 'monthly_saving_bill', 'monthly_saving_list',
      'evidence', 'thresholds', 'alternative_type', 'alternative_hourly_price', 'alternative_saving_bill', 'alternative_saving_list',
      'alternative_change', 'lookback_start', 'lookback_end', 'cost_start', 'cost_end'],
    rows: report.recommendations.map((r) => [
      r.rule, r.service, r.resourceId, r.accountId, r.region, r.instanceType, r.recommendedType, r.action, r.confidence,
      r.monthlyCost, String(r.currentHourlyPrice), r.recommendedHourlyPrice === null ? null : String(r.recommendedHourlyPrice), r.priceBasis,
      r.monthlySavingBill, r.monthlySavingList, r.explanation, formatThresholds(r.thresholds),
      r.alternative?.instanceType ?? null, r.alternative ? String(r.alternative.hourlyPrice) : null,
      r.alternative?.monthlySavingBill ?? null, r.alternative?.monthlySavingList ?? null, r.alternative?.platformChange ?? null,
      r.lookback.start, r.lookback.end, r.costWindow.start, r.costWindow.end,
    ]),
  };
}

/** A summary table, then each recommendation's evidence, thresholds, pricing and alternative. */
export function rightsizingText(report: RightsizingReport): string {
  const head = `Rightsizing as of ${report.asOf} (look-back ${report.lookback.start} to ${report.lookback.end}, end excluded):`
    + ` ${report.recommendations.length} recommendation${report.recommendations.length === 1 ? '' : 's'},`
    + ` ${report.totalSavingBill} a month saved on the bill (EffectiveCost ${report.costWindow.start} to ${report.costWindow.end})`;
  const lines = [head, ''];
  if (report.recommendations.length > 0) {
    lines.push(renderTable({
      columns: ['#', 'rule', 'resource', 'account_id', 'region', 'type', 'recommended', 'monthly_cost', 'saving_bill', 'saving_list', 'confidence'],
      rows: report.recommendations.map((r, i) => [String(i + 1), r.rule, r.resourceId, r.accountId, r.region, r.instanceType,
        r.recommendedType ?? 'terminate', roundDecimal(r.monthlyCost, 2), r.monthlySavingBill, r.monthlySavingList, r.confidence]),
    }, 'table'));
    report.recommendations.forEach((r, i) => {
      lines.push(`${i + 1}. ${r.rule} ${r.resourceId} (${r.instanceType}): ${r.action}`);
      lines.push(`   evidence:   ${r.explanation}`);
      lines.push(`   thresholds: ${formatThresholds(r.thresholds)}`);
      lines.push(`   saving:     ${r.monthlySavingBill} a month from the bill (${roundDecimal(r.monthlyCost, 2)} × (1 − ${r.recommendedHourlyPrice ?? 0} / ${r.currentHourlyPrice}));`
        + ` ${r.monthlySavingList ?? 'n/a'} at list prices (${r.priceBasis})`);
      if (r.alternative) {
        lines.push(`   or:         ${r.alternative.instanceType} saving ${r.alternative.monthlySavingBill} a month from the bill`
          + ` (${r.alternative.monthlySavingList ?? 'n/a'} at list prices); ${r.alternative.platformChange}`);
      }
    });
  }
  if (report.skipped.length > 0) {
    lines.push('', `Not judged (${report.skipped.length}):`, ...report.skipped.map((s) => `  ${s.resourceId}: ${s.reason}`));
  }
  return `${lines.join('\n')}\n`;
}
