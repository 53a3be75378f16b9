/**
 * The ranges among a query's parameters, paired by name for every query (no header declares them),
 * and the check that a range's end does not precede its start. queries.ts re-exports them and
 * runs the check among the rules across parameters (`crossParamFault`).
 */

/** What the range check reads of a parameter (a QueryParam of queries.ts). */
export interface RangeParam {
  name: string;
  /** `DATE`, `TIMESTAMP`, …: only those two make ranges. */
  type: string;
  description: string;
}

/** A range whose end precedes its start: the end bound, the usage error's message and a hint. */
export interface RangeFault<P extends RangeParam = RangeParam> {
  param: P;
  message: string;
  hint: string;
}

/** A range a query takes as two parameters: the value of `end` must not precede that of `start`. */
export interface RangeBounds {
  start: string;
  end: string;
}

/** The end bound's name → its start bound's: `end` → `start`, `to` → `from`, `charge_to` → `charge_from`, `new_end` → `new_start`. */
const END_BOUND = /^(.*?)(end|to)$/;
const START_OF: Record<string, string> = { end: 'start', to: 'from' };

/**
 * The ranges among a query's parameters, paired by name (the one rule for every query, so no
 * header repeats it): an end bound `end`, `to`, `…_end` or `…_to` with the start bound `start`,
 * `from`, `…_start` or `…_from` of the same prefix, both DATE or both TIMESTAMP. Every range of
 * `queries/` is half-open (the end is the first day or instant left out), so an end equal to its
 * start is an empty range, and one before it is a mistake.
 */
export function rangeBounds(params: readonly RangeParam[]): RangeBounds[] {
  const byName = new Map(params.map((p) => [p.name, p]));
  const ranges: RangeBounds[] = [];
  for (const end of params) {
    const match = END_BOUND.exec(end.name);
    if (!match || (match[1] !== '' && !match[1].endsWith('_')) || (end.type !== 'DATE' && end.type !== 'TIMESTAMP')) continue;
    const start = byName.get(`${match[1]}${START_OF[match[2]]}`);
    if (start && start.type === end.type) ranges.push({ start: start.name, end: end.name });
  }
  return ranges;
}

/**
 * A TIMESTAMP's ISO text in a form that sorts as time does (`2026-10-01T08:00` →
 * `2026-10-01 08:00:00.000000000`), or undefined for other text.
 */
function timestampKey(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(value.trim());
  return m ? `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}.${(m[5] ?? '').padEnd(9, '0')}` : undefined;
}

/** Whether `end` comes before `start` (values of the type given; text that cannot be compared is not judged here). */
function precedes(type: string, end: string, start: string): boolean {
  if (type === 'DATE') return end < start;
  const [e, s] = [timestampKey(end), timestampKey(start)];
  if (e !== undefined && s !== undefined) return e < s;
  const [te, ts] = [Date.parse(end), Date.parse(start)];
  return Number.isFinite(te) && Number.isFinite(ts) && te < ts;
}

/** The first range of the query whose end precedes its start, or undefined. */
export function reversedRange<P extends RangeParam>(query: { name: string; params: readonly P[] }, values: Readonly<Record<string, string | undefined>>): RangeFault<P> | undefined {
  for (const range of rangeBounds(query.params)) {
    const [from, to] = [values[range.start], values[range.end]];
    const start = query.params.find((p) => p.name === range.start)!;
    const end = query.params.find((p) => p.name === range.end)!;
    if (from === undefined || to === undefined || !precedes(end.type, to, from)) continue;
    return {
      param: end,
      message: `parameter "${end.name}" of ${query.name} must be on or after ${start.name} (${from}); got "${to}"`,
      hint: `${start.name}: ${start.description || start.type}; ${end.name}: ${end.description || end.type}`,
    };
  }
  return undefined;
}
