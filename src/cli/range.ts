import type { AttributionRange } from '../analyze/attribution/index.ts';
import { CLI_SELECTION, parseSelection, type PeriodSelection, type Selection, selectionLabel, selectionRange } from '../analyze/selection.ts';
import { onMonthBounds, readDefaultBillPeriod, refuseDaysWithoutDailyUsage } from '../analyze/whole-bills-period.ts';
import type { Engine } from '../engine/engine.ts';

/**
 * Reads `--period YYYY-MM` or `--from D --to D` (half-open, either end may stay open) by the rules
 * of src/analyze/selection.ts; neither is the default period, decided later by {@link resolveRange}.
 */
export function parseRange(command: string, values: { period?: string; from?: string; to?: string }): Selection {
  return parseSelection({ period: values.period, from: values.from, to: values.to }, CLI_SELECTION, { subject: command });
}

/** Reads `--from D` / `--to D` by the same rules, for a command without `--period`; either may be left out. */
export function parseDays(values: { from?: string; to?: string }): { from?: string; to?: string } {
  const selection = parseSelection({ from: values.from, to: values.to }, CLI_SELECTION);
  return selection.kind === 'days' ? { from: selection.from, to: selection.to } : {};
}

/** A selection's query bounds and its name in output (`YYYY-MM`, or `FROM/TO`). */
export interface ResolvedRange {
  range: AttributionRange;
  label: string;
}

/**
 * The bounds of a selection. Without one, the default period: the last complete month up to the
 * data horizon (or the horizon's month, named by its days up to the horizon, when the store holds
 * no complete month); in a store without daily usage (a monthly CUR, fees only), its last complete
 * bill. Said on stderr with the reason. `--from`/`--to` cut inside a month are refused in a store without daily usage (its lines
 * are dated to the first of their month: src/analyze/whole-bills-period.ts); only such a range
 * reads the store's span for it, so a period or month bounds run no extra query. A caller that
 * reads the span anyway passes it as `bills` (readDefaultBillPeriod), so it is read once.
 */
export async function resolveRange(selection: Selection, engine: Engine, stderr: NodeJS.WritableStream, bills?: DefaultBillPeriod): Promise<ResolvedRange> {
  const read = async () => bills ?? readDefaultBillPeriod(engine);
  if (selection.kind === 'days' && !onMonthBounds(selection)) refuseDaysWithoutDailyUsage(selection, (await read()).span);
  const definite = selection.kind === 'default' ? defaultSelection((await read()).chosen, stderr) : selection;
  return { range: selectionRange(definite), label: selectionLabel(definite) };
}

function defaultSelection(chosen: DefaultBillPeriod['chosen'], stderr: NodeJS.WritableStream): PeriodSelection {
  stderr.write(`period ${chosen.reason}\n`);
  return { kind: 'period', period: chosen.period };
}

/** What readDefaultBillPeriod reads: the store's span as whole bills read it, and its default period. */
type DefaultBillPeriod = Awaited<ReturnType<typeof readDefaultBillPeriod>>;
