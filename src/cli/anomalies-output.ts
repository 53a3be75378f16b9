/**
 * How `costlens anomalies` prints: the events (one row each, the largest driver beside it; with
 * --detail their drivers by usage type, resource and region), their JSON and CSV (camelCase keys,
 * counts as numbers, money as exact decimal strings), and the day-by-day verdicts (--by-day, --all).
 */
import { type AnomalyEvent, type AnomalyEvents, type AnomalyReport, type AnomalyRule, COST_COLUMN, configMoneyText, configNumberText, type DayVerdict, type DriverLevel, judgedDays, type JudgedSpend, listedEventDrivers, ruleFigures, seriesNotJudgedSentences, startCutReason, topDriverText, unjudgedRunText, unjudgedRuns } from '../analyze/anomalies/index.ts';
import { PARTS, shortResource } from '../analyze/explain/index.ts';
import { lastCompleteDays, treatedAsProvisional } from '../analyze/provisional-wording.ts';
import { centsOfUnits, formatCents, formatDecimal, fromUnits, MONEY_SCALE, toUnits } from '../lib/money.ts';
import type { TextTable } from '../lib/table.ts';
import { plural } from '../lib/text.ts';
import { addDays, dayRange, daySpan, earlierDay, laterDay } from '../lib/calendar.ts';

const COLUMNS = ['day', 'dimension', 'value', 'name', 'status', 'actual', 'expected', 'mad', 'low', 'high', 'delta', 'direction', 'provisional', 'rule'];

/**
 * The report as a table: one row per flagged day (or every examined day with `all`). For csv and
 * json (`exact`) the day's actual, its median (expected) and their delta are exact (10 decimals),
 * the MAD and the range (low, high) are each rounded once to 10 decimals from the exact figures, and
 * each row says its rule; for the terminal (`shown`, no rule column) actual and expected are each
 * rounded once to the cent, the delta is their difference and the range is expected ∓ k × MAD
 * rounded once to the cent, so that the row adds up as it reads (the MAD, rounded once, stands alone).
 * `provisional` is `true`/`false` for csv and json (a JSON boolean, as the events write it), `yes`/`no` in a terminal.
 */
export function anomalyTable(report: AnomalyReport, all: boolean, output: 'exact' | 'shown'): TextTable {
  const columns = output === 'exact' ? COLUMNS : COLUMNS.filter((c) => c !== 'rule');
  const [amounts, figures] = output === 'exact' ? [exactAmounts, exactFigures] : [shownAmounts, shownFigures];
  const cell = (r: JudgedSpend): Record<string, string | null> => ({
    day: r.day,
    dimension: r.dimension,
    value: r.value,
    name: r.name,
    status: r.status,
    ...amounts(r.actual, r.verdict?.expected),
    ...(r.verdict ? figures(r.verdict, report.rule) : NO_FIGURES),
    direction: r.verdict ? (r.verdict.delta > 0n ? 'spike' : r.verdict.delta < 0n ? 'drop' : 'none') : null,
    provisional: output === 'exact' ? String(r.provisional) : r.provisional ? 'yes' : 'no',
    rule: r.rule,
  });
  return {
    columns,
    rows: (all ? report.rows : report.anomalies).map((r) => columns.map((c) => cell(r)[c])),
    money: ['actual', 'expected', 'mad', 'low', 'high', 'delta'],
    optional: ['rule', 'provisional', 'mad', 'name', 'low', 'high', 'direction', 'dimension'],
    kinds: { provisional: 'boolean' },
  };
}

type DayAmounts = Record<'actual' | 'expected' | 'delta', string | null>;

/** A day's spend, its median and their delta as exact decimals (10 places); no median, no delta. */
function exactAmounts(actual: bigint, expected: bigint | undefined): DayAmounts {
  return { actual: fromUnits(actual), expected: expected === undefined ? null : fromUnits(expected), delta: expected === undefined ? null : fromUnits(actual - expected) };
}

/** The same in cents as a terminal shows them: spend and median each rounded once, the delta their difference. */
function shownAmounts(actual: bigint, expected: bigint | undefined): DayAmounts {
  const spend = centsOfUnits(actual);
  if (expected === undefined) return { actual: formatCents(spend), expected: null, delta: null };
  const median = centsOfUnits(expected);
  return { actual: formatCents(spend), expected: formatCents(median), delta: formatCents(spend - median) };
}

type RuleCells = Record<'mad' | 'low' | 'high', string | null>;
const NO_FIGURES: RuleCells = { mad: null, low: null, high: null };

/** The rule's MAD and range, each rounded once from the exact figures to 10 decimals, as the exact money beside them. */
function exactFigures(verdict: DayVerdict, rule: AnomalyRule): RuleCells {
  const { mad, low, high } = ruleFigures(verdict.twiceExpected, verdict.fourTimesMad, rule, MONEY_SCALE);
  return { mad: formatDecimal(mad, MONEY_SCALE), low: formatDecimal(low, MONEY_SCALE), high: formatDecimal(high, MONEY_SCALE) };
}

/** The same in cents as a terminal shows them: the MAD rounded once, the range the shown median ∓ k × MAD rounded once. */
function shownFigures(verdict: DayVerdict, rule: AnomalyRule): RuleCells {
  const { mad, halfWidth } = ruleFigures(verdict.twiceExpected, verdict.fourTimesMad, rule, 2);
  const median = centsOfUnits(verdict.expected);
  return { mad: formatCents(mad), low: formatCents(median - halfWidth), high: formatCents(median + halfWidth) };
}

/** What the table does not show: the rule, the days not judged, the provisional days. */
export function anomalyNotes(report: AnomalyReport): string[] {
  const { rule } = report;
  const scale = rule.madScale === 1 ? 'raw MAD, unscaled' : `MAD = raw MAD × ${configNumberText(rule.madScale)}`;
  const k = configNumberText(rule.madMultiplier);
  const notes = [
    `Rule: |actual − median| > ${k} × MAD and > ${configMoneyText(rule.minDollars, 'usd')}; median and MAD (${scale}) of the trailing ${rule.trailingDays} days; range = median ± ${k} × MAD.`,
    `Spend: daily ${COST_COLUMN[report.cost]} of ${rule.charges === 'all' ? 'every charge class' : 'usage (the usage charge class; recurring fees, one-time charges, tax and credits left out)'}, per UTC day of ChargePeriodStart.`,
  ];
  if (report.skippedProvisional.length > 0) {
    const days = report.skippedProvisional;
    notes.push(`Not examined: ${daySpan(days[0], days.at(-1)!)}, ${treatedAsProvisional(lastCompleteDays(rule.provisionalDays), '', 'anomalies.provisionalDays', report.provisionalHorizon)}; --include-provisional examines them.`);
  }
  for (const run of unjudgedRuns(report)) {
    notes.push(`Not judged: ${unjudgedRunText(run)}.`);
  }
  notes.push(...seriesNotJudgedSentences(report.notJudgedSeries));
  // They end at the data horizon they are counted back from: the delivery's holding the days examined (provisional-from.ts), at latest the store's.
  const first = report.firstProvisionalDay;
  const examined = report.skippedProvisional.length === 0 && first ? dayRange(laterDay(first, report.from), earlierDay(addDays(first, rule.provisionalDays - 1), report.lastBillingDay, report.asOf)) : [];
  if (examined.length > 0) notes.push(`Examined with --include-provisional: ${daySpan(examined[0], examined.at(-1)!)}, ${treatedAsProvisional(lastCompleteDays(rule.provisionalDays), '', 'anomalies.provisionalDays', report.provisionalHorizon)}.`);
  return notes;
}

/**
 * The heading when days were examined but none was judged (judgedDays: too few trailing days of
 * data, or none that day), in the words of the Overview and the weekly e-mail ("No day … was
 * judged for anomalies"), with the reason when there is one, never "0 events"; undefined when a
 * day was judged (or none was examined: the caller's heading says why).
 */
export function noDayJudgedTitle(report: AnomalyReport): string | undefined {
  if (report.examined === null || judgedDays(report) !== null) return undefined;
  const { from, to } = report.examined;
  const runs = unjudgedRuns(report);
  const reasons = [...new Set(runs.map((r) => r.reason))];
  return `Spend anomalies: no day of ${daySpan(from, to)} was judged for anomalies${reasons.length === 1 ? `: ${reasons[0]}` : ' (the notes below say why)'}`;
}

/**
 * `2026-10-11–10-19` (the end without the year it shares), `2026-10-11` for one day, `2026-11-01–ongoing`;
 * `≤2026-11-23–11-30` for an event that may have begun before its first day (startsBeforeRange; the notes say why).
 */
function eventPeriod(e: AnomalyEvent): string {
  const start = `${e.startsBeforeRange ? '≤' : ''}${e.start}`;
  if (e.end === null) return `${start}–ongoing`;
  if (e.start === e.end) return start;
  return `${start}–${e.end.slice(0, 4) === e.start.slice(0, 4) ? e.end.slice(5) : e.end}`;
}

/**
 * The events, one row each: what moved, when, by how much, and its largest driver, its resource by
 * the last part of its ARN (topDriverText; whole with `wholeResources`, --wide).
 */
export function eventsTable(found: AnomalyEvents, options: { wholeResources?: boolean } = {}): TextTable {
  return {
    columns: ['dimension', 'value', 'name', 'period', 'days', 'direction', 'impact', 'expected', 'top_driver', 'change'],
    rows: found.events.map((e) => [
      e.dimension, e.value, e.name, eventPeriod(e), String(e.days), e.direction, e.parts.change, e.expected,
      topDriverText(e, { wholeResource: options.wholeResources }), e.drivers.resources[0]?.change ?? null,
    ]),
    money: ['impact', 'expected', 'change'],
    optional: ['expected', 'name', 'dimension', 'direction', 'days'],
  };
}

const LEVEL_TITLE: Record<DriverLevel, string> = { usageTypes: 'usage type', resources: 'resource', regions: 'region' };

/**
 * One level of an event's explanation: its top drivers that moved a cent (listedEventDrivers, as the
 * Overview, the weekly e-mail and alerts list them), the rest, and the total (the impact in cents).
 * A resource is named by the last part of its ARN (shortResource), whole with `wholeResources` (--wide).
 */
export function eventDriversTable(e: AnomalyEvent, level: DriverLevel, options: { wholeResources?: boolean } = {}): TextTable {
  const resource = (id: string) => (options.wholeResources ? id : shortResource(id));
  const name = (d: AnomalyEvent['drivers'][DriverLevel][number]): string => {
    const label = level === 'regions' ? d.region! : level === 'usageTypes' || d.resource === '(none)' ? `${d.usageType}${level === 'resources' ? ' (no resource id)' : ''}` : `${resource(d.resource!)} (${d.usageType})`;
    return d.service && e.dimension === 'account' ? `${d.service}: ${label}` : label;
  };
  const share = (s: number | null) => (s === null ? null : s.toFixed(1));
  const { drivers, rest } = listedEventDrivers(e, level);
  const rows: (string | null)[][] = drivers.map((d) => [name(d), d.change, ...PARTS.map((p) => d[p]), share(d.shareOfImpact)]);
  if (rest.drivers > 0) rows.push([`rest (${rest.drivers})`, rest.change, ...PARTS.map((p) => rest[p]), share(rest.shareOfImpact)]);
  else if (rest.change !== '0.00' || PARTS.some((p) => rest[p] !== '0.00')) rows.push(['rounding (drivers rounded one by one)', rest.change, ...PARTS.map((p) => rest[p]), null]);
  rows.push(['total', e.parts.change, ...PARTS.map((p) => e.parts[p]), e.parts.change === '0.00' ? null : '100.0']);
  return { columns: [LEVEL_TITLE[level], 'change', ...PARTS, 'share_pct'], rows, money: ['change', ...PARTS], optional: ['other', 'gone', 'new', 'rate', 'volume'] };
}

/** The heading of an event in --detail: what, when, the figures and the days it was compared with. */
export function eventHeading(e: AnomalyEvent): string {
  const who = e.name ? `${e.name} (${e.value})` : e.value;
  const medians = e.baseline.map((b) => `${b.day} against ${b.medianDays.join(' and ')}`).join('; ');
  return `${e.dimension} ${who}, ${eventPeriod(e)} (${plural(e.days, 'day')}, ${e.direction}${e.provisional ? ', provisional' : ''}): `
    + `actual ${fromUnits(toUnits(e.actual), 2)}, expected ${fromUnits(toUnits(e.expected), 2)}, impact ${e.parts.change} (exact ${e.impact}); noise floor ${fromUnits(toUnits(e.noiseFloor), 2)}\n`
    + `baseline: ${medians}`;
}

/**
 * The JSON of `costlens anomalies --format json` (README: "costlens anomalies"): `from`/`to` are the days examined, both null when none was, with `noDayExamined` saying why (else null);
 * `flaggedDays` counts the flagged days examined, `followedBackDays` those before `from` that events flagged on it were followed back over.
 */
export function eventsJson(found: AnomalyEvents) {
  const { report } = found;
  return {
    from: report.examined?.from ?? null,
    to: report.examined?.to ?? null,
    noDayExamined: report.noDayExamined,
    cost: report.cost,
    baseline: found.baselineRule,
    noiseFloor: { share: found.noiseFloor.share, minDollars: configMoneyText(found.noiseFloor.minDollars) },
    flaggedDays: report.anomalies.length,
    followedBackDays: report.followedBack.length,
    belowNoiseFloor: found.belowFloor.length,
    events: found.events,
  };
}

/**
 * The CSV of the events (camelCase header): one row each, with the top of each list of its drivers
 * (the JSON's `drivers.usageTypes[0]`, `resources[0]`, `regions[0]`), each beside its own change, so
 * no two lists' tops read as one driver: the top usage type and its change; the top resource, the
 * usage type it is a driver with (a resource driver is a usage type · resource pair, as the table's
 * top_driver names it) and the pair's change; the top region and its change.
 */
export function eventsCsvTable(found: AnomalyEvents): TextTable {
  const columns = ['id', 'dimension', 'value', 'name', 'start', 'end', 'days', 'direction', 'provisional', 'actual', 'expected', 'impact', 'impactCents', 'noiseFloor',
    'topUsageType', 'topUsageTypeChange', 'topResource', 'topResourceUsageType', 'topResourceChange', 'topRegion', 'topRegionChange', 'startsBeforeRange'];
  return {
    columns,
    rows: found.events.map((e) => {
      const [usageType, resource, region] = [e.drivers.usageTypes[0], e.drivers.resources[0], e.drivers.regions[0]];
      return [
        e.id, e.dimension, e.value, e.name, e.start, e.end, String(e.days), e.direction, String(e.provisional), e.actual, e.expected, e.impact, e.parts.change, e.noiseFloor,
        usageType?.usageType ?? null, usageType?.change ?? null,
        resource?.resource ?? null, resource?.usageType ?? null, resource?.change ?? null,
        region?.region ?? null, region?.change ?? null,
        String(e.startsBeforeRange),
      ];
    }),
  };
}

/**
 * The notes under the events: the baseline and how many events the noise floor left out, its
 * minimum and share as the config writes them (`$25.00`, `$0.005`: never rounded to the cent).
 */
export function eventNotes(found: Pick<AnomalyEvents, 'noiseFloor' | 'belowFloor' | 'baselineRule'>, trailingDays: number): string[] {
  const { share, minDollars } = found.noiseFloor;
  const below = found.belowFloor.length;
  return [
    found.baselineRule,
    `Noise floor: ${plural(below, 'event')} below it left out (|impact| under max(${configMoneyText(minDollars, 'usd')}, ${configNumberText(share)} × the average daily spend of its trailing ${trailingDays} days × its days); anomalies.noiseFloor in the config).`,
  ];
}

/** `service AWS Lambda`, `account checkout-prod`: an event's series as the start notes name it. */
const eventName = (e: AnomalyEvent): string => `${e.dimension} ${e.name ?? e.value}`;

/**
 * The notes on the events' starts: the events flagged on the first examined day that were followed
 * back to the day they began, and those that may have begun before their first day (`≤` in the
 * period), with why: no full trailing window before it, its series not judged the day before (a
 * delivery's end in its trailing days), or flagged on every day followed back.
 */
export function eventStartNotes(found: Pick<AnomalyEvents, 'events' | 'report'>): string[] {
  const { from, rule: { trailingDays } } = found.report;
  const notes: string[] = [];
  const followed = found.events.filter((e) => e.start < from && e.startCut === null);
  if (followed.length > 0) {
    notes.push(`Followed back: ${followed.length === 1 ? 'an event' : `${followed.length} events`} flagged on ${from}, the first day examined, ${followed.length === 1 ? 'begins' : 'begin'} on the day ${followed.length === 1 ? 'it was' : 'they were'} first flagged, each earlier day judged by the rule against its own trailing ${trailingDays} days (${followed.map((e) => `${eventName(e)} from ${e.start}`).join(', ')}).`);
  }
  const history = found.events.filter((e) => e.startCut === 'history');
  if (history.length > 0) {
    notes.push(`≤: ${history.map((e) => `${eventName(e)} (${e.start})`).join(', ')} ${history.length === 1 ? 'is' : 'are'} flagged on the first day that can be judged: ${startCutReason('history', trailingDays, from)}, so ${history.length === 1 ? 'it' : 'each'} may have begun earlier.`);
  }
  const ended = found.events.filter((e) => e.startCut === 'ended');
  if (ended.length > 0) {
    notes.push(`≤: ${ended.map((e) => `${eventName(e)} (${e.start})`).join(', ')} ${ended.length === 1 ? 'is' : 'are'} flagged on the first day ${ended.length === 1 ? 'its series was' : 'their series were'} judged: ${startCutReason('ended', trailingDays, from)}, so ${ended.length === 1 ? 'it' : 'each'} may have begun earlier.`);
  }
  const range = found.events.filter((e) => e.startCut === 'range');
  if (range.length > 0) {
    notes.push(`≤: ${range.map((e) => `${eventName(e)} (${e.start})`).join(', ')} ${range.length === 1 ? 'is' : 'are'} ${startCutReason('range', trailingDays, from)}, so ${range.length === 1 ? 'it' : 'each'} may have begun earlier; its start, impact and id are those of the days read (a range reaching further back finds more).`);
  }
  return notes;
}
