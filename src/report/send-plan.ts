/**
 * What a `--send` run (without `--out`) builds: the week, from the store's data horizon (one
 * query, no analysis), and of its audiences only those with a recipient the send ledger says is
 * still to be sent this week's report (ledger-plan.ts). An audience every recipient of which has
 * it (or may have it: state unknown) is not built: the run reports it with the subject its
 * recipients got; one with no recipients is not built either (nothing to send it to).
 */
import { billingDaySpan, storeDays } from '../analyze/billing-calendar.ts';
import type { Engine } from '../engine/engine.ts';
import type { SendOptions } from './deliver.ts';
import { servedAudiences } from './ledger-plan.ts';
import { audienceId, type Audience } from './model.ts';
import { checkWeekInData, checkWeekNotInGap, defaultReportWeek, type IsoWeek } from './week.ts';

/** A run's plan: the week, the audiences to build, and those served already. */
export interface SendPlan {
  week: IsoWeek;
  /** To build, in the run's order: someone of theirs is still to be sent this week's report. */
  build: Audience[];
  /** Audiences (by id) every recipient of which has this week's report, or may have it, with the subject they got. */
  served: Map<string, string>;
}

/** Options of {@link planSends}. */
export interface SendPlanOptions {
  /** Default: the last complete week before the data horizon, as the build takes it. */
  week?: IsoWeek;
  audiences: readonly Audience[];
  recipients: (audience: Audience) => string[];
  send: Pick<SendOptions, 'force' | 'resendUnknown'>;
}

/** Plans a `--send` run on the store at `storePath`: a week outside the data, or wholly in a gap of it, is refused as the build refuses it. */
export async function planSends(engine: Engine, storePath: string, options: SendPlanOptions): Promise<SendPlan> {
  const span = await billingDaySpan(engine);
  const store = await storeDays(engine, span);
  // A week wholly in a gap of the store, given or the default, is refused before the ledger is read.
  const week = options.week ?? defaultReportWeek(span, store);
  checkWeekInData(week, span);
  checkWeekNotInGap(week, store);
  const addressed = options.audiences.filter((audience) => options.recipients(audience).length > 0);
  const served = await servedAudiences(storePath, week.label, addressed.map((audience) => ({ audience: audienceId(audience), recipients: options.recipients(audience) })), {
    force: options.send.force, resendUnknown: options.send.resendUnknown ?? false,
  });
  return { week, build: addressed.filter((audience) => !served.has(audienceId(audience))), served };
}
