/**
 * The notes under the Optimisation page's cards: what idle and rightsizing could not judge, in the
 * words `costlens idle` and `costlens rightsize` print (their `Metrics:`, `Not judged:` and idle's
 * `Not run:` and `To judge them:` lines, from the same analysis functions), counted on the whole
 * store whatever the page's filters, which each note then says.
 */
import { html } from 'hono/html';
import { idleNotRunHint, idleNotRunLines, idleUsageWithoutTypeNote, type IdleRuleNotRun } from '../../../analyze/idle/index.ts';
import {
  rightsizingUsageWithoutTypeNote, withoutCpuMetricsNote, type RightsizingNothingToSave,
} from '../../../analyze/rightsizing/index.ts';
import { plural } from '../../../lib/text.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { resourceClass, type Html } from '../../html/index.ts';
import type { OptimisationView } from './view.ts';

/** What a note adds when filters are on: its counts are of the whole store. */
const WHOLE_STORE = ' (of all accounts and owners: the filters above do not apply to it)';

/**
 * The notes, in this order: the EC2 and RDS instances rightsizing could not judge for want of CPU
 * metrics (withoutCpuMetricsNote); idle's, then rightsizing's metrics that left some resources
 * unusable (`Metrics:` lines: idleMetricsNotes, rightsizingMetricsNotes); the AWS usage lines
 * without a usage type (a FOCUS 1.0 export) that idle, then rightsizing could not judge (`Not
 * judged:` lines); idle's rules not run for want of metrics or inventory (idleNotRunNotes). `anyFilter`: the page's account, rule or owner filter is on.
 */
export function analysisNotes(view: Pick<OptimisationView, 'withoutCpuMetrics' | 'metricsNotes' | 'usageWithoutType' | 'idleNotRun' | 'rightsizingNothingToSave'>, anyFilter: boolean): Html {
  const apart = anyFilter ? WHOLE_STORE : '';
  const unmeasured = withoutCpuMetricsNote(view.withoutCpuMetrics);
  return html`${unmeasured
    ? html`<p class="note" id="rightsizing-without-cpu" data-ec2="${view.withoutCpuMetrics.ec2}" data-rds="${view.withoutCpuMetrics.rds}">Rightsizing: ${unmeasured}${apart}.</p>` : ''}
${view.metricsNotes.idle.map((note) => html`<p class="note metrics-coverage" data-analysis="idle">Idle: ${note}${apart}.</p>`)}
${view.metricsNotes.rightsizing.map((note) => html`<p class="note metrics-coverage" data-analysis="rightsizing">Rightsizing: ${note}${apart}.</p>`)}
${withoutUsageTypeNote('idle-without-usage-type', view.usageWithoutType.idle, idleUsageWithoutTypeNote, apart)}
${withoutUsageTypeNote('rightsizing-without-usage-type', view.usageWithoutType.rightsizing, rightsizingUsageWithoutTypeNote, apart)}
${idleNotRunNotes(view.idleNotRun, apart)}
${rightsizingNothingToSaveNote(view.rightsizingNothingToSave, apart)}`;
}

/**
 * Rightsizing's recommendations that save nothing in cash or commitment, as `costlens rightsize`
 * counts them apart: not findings, so in no figure or row of the page; counted, then each named with
 * why, saying once that the move saves nothing (as the modernisation section's note does):
 * `Rightsizing, not in these figures: 1 recommendation left out, as the move saves nothing on the
 * bill: i-… rightsize-burstable m5.large → t3a.large, a commitment that does not follow the move …`;
 * empty when there are none.
 */
function rightsizingNothingToSaveNote(items: readonly RightsizingNothingToSave[], apart: string): Html | string {
  if (items.length === 0) return '';
  return html`<p class="note" id="rightsizing-nothing-to-save" data-count="${items.length}">Rightsizing, not in these figures: ${plural(items.length, 'recommendation')} left out, as the move saves nothing on the bill${apart}:
  ${items.map((r, i) => html`${i > 0 ? '; ' : ''}<span class="${resourceClass(r.resourceId)}">${r.resourceId}</span> ${r.rule} ${r.instanceType} → ${r.recommendedType ?? 'terminate'}, ${r.reason}`)}.</p>`;
}

/**
 * Idle's rules that judged nothing for want of the metrics or inventory they read, while the bill
 * charged resources of their kind, as `costlens idle` writes them under its table: one `Not run:`
 * line per rule (idleNotRunLines), then `To judge them:` (idleNotRunHint); empty when every rule could judge.
 */
function idleNotRunNotes(notRun: readonly IdleRuleNotRun[], apart: string): Html | string {
  const hint = idleNotRunHint(notRun);
  if (hint === null) return '';
  return html`<div id="idle-not-run" data-rules="${notRun.length}">${idleNotRunLines(notRun).map((line, i) => html`<p class="note" data-rule="${notRun[i].rule}">Not run: ${line}${apart}.</p>`)}
<p class="note" id="idle-not-run-hint">To judge them: ${hint}.</p></div>`;
}

/**
 * The AWS usage lines idle or rightsizing could not judge, having no usage type (a FOCUS 1.0
 * export), in the command's words (its `Not judged:` line, `noteOf`); empty when there are none.
 */
function withoutUsageTypeNote(id: string, usage: UsageWithoutType | null, noteOf: (usage: UsageWithoutType) => string, apart: string): Html | string {
  if (!usage) return '';
  return html`<p class="note" id="${id}" data-lines="${usage.lines}">Not judged: ${noteOf(usage)}${apart}.</p>`;
}
