import {
  amortisedCostWords, analyseCommitments, calendarStoreDays, commitmentAmountCells, COMMITMENTS_GROUPINGS, type CommitmentsAnalysis, type CommitmentsCalendar, commitmentsJson,
  defaultCommitmentsPeriod, dollarsText, expiringHeadline, hoursCell, ownDataWords, hourlyDollarsText, lookbackText, percentCell, readCommitmentsCalendar, refuseSelectionOutsideData,
  shownDaysEnd, termEndCell, unstatedPurchaseNotes, unusedCostCents,
} from '../analyze/commitments/index.ts';
import { splitCentsText } from '../analyze/attribution/index.ts';
import { type DefiniteSelection, selectionLabel, selectionRange } from '../analyze/selection.ts';
import { onMonthBounds, refuseDaysWithoutDailyUsage } from '../analyze/whole-bills-period.ts';
import { loadConfig } from '../config.ts';
import { monthLabel, shortDay } from '../lib/calendar.ts';
import { plural } from '../lib/text.ts';
import { type BillingDaySpan, heldBackWords } from '../analyze/billing-calendar.ts';
import { formatCents, unitsOrNull } from '../lib/money.ts';
import { withChosenEngine } from './engine-choice.ts';
import { resolveStorePath } from '../store/open.ts';
import { choice } from './args.ts';
import type { Command } from './command.ts';
import { jsonDocument } from '../lib/json-rows.ts';
import { renderTable, type TextTable } from '../lib/table.ts';
import { parseRange, type ResolvedRange } from './range.ts';
import { READER_FLAGS, outputFormat, parseCommandArgs, tableWidth } from './store-reader.ts';
import { readerOptions } from './common-options.ts';

type Report = ReturnType<typeof commitmentsJson>;
/** How the terminal writes an unused cost in cents: `not stated` for null, which no line states (unusedCostStated). */
const unusedCostCell = (cents: bigint | null) => (cents === null ? 'not stated' : formatCents(cents));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const shortArn = (arn: string) => arn.replace(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:/, '');
/** How the terminal output names a commitment: its whole ARN under --wide (`wide`), else without the `arn:aws:…:ACCOUNT:` prefix. */
const arnText = (wide: boolean) => (wide ? (whole: string) => whole : shortArn);
/** An ARN inside a sentence (the advice's rate basis names the bill's plans), up to a comma, a bracket or a space. */
const ARN_IN_TEXT = /arn:aws[a-z-]*:[^\s,()]+/g;

/**
 * One row per commitment: the figures AWS's utilisation reports show, and the unused cost. csv keeps
 * the exact figures; the terminal table (`terminal`) rounds each once and says its unit
 * (src/analyze/commitments/table-text.ts): purchased, used and unused as an RI's hours (`720 h`) or a
 * Savings Plan's dollars, so no `unit` column; percentages with two decimals; the unused cost in
 * cents, the largest-remainder rounding of the summary's unused commitment cost, so the rows add up
 * to it; the term's end as its day (`2027-08-17`; `2019-04-03 01:21 UTC` when it is not midnight UTC,
 * `termEndCell`); and ARNs without their account prefix unless `terminal.wide` (--wide shows every column in full).
 * An unused cost that no line states (null: no purchase stated, src/analyze/commitments/unstated-purchase.ts)
 * reads `not stated` in the terminal table, an empty cell in csv, never $0.00.
 */
export function commitmentsTable(report: Report, terminal?: { wide: boolean }): TextTable {
  const columns = ['arn', 'type', 'end', 'purchased', 'used', 'unused', 'unit', 'utilisation_pct', 'normalised_utilisation_pct', 'unused_cost', 'account_id', 'instance_type', 'size_flexible'];
  const optional = ['size_flexible', 'normalised_utilisation_pct', 'account_id', 'purchased', 'used', 'unit', 'instance_type', 'end'];
  const money = ['unused_cost'];
  if (!terminal) {
    return {
      columns,
      rows: report.commitments.map((c) => [c.arn, c.type, c.end, text(c.purchased), text(c.used), text(c.unused), c.unit, text(c.utilisationPercent),
        text(c.normalisedUtilisationPercent), c.unusedCost, c.accountId, c.instanceType, text(c.sizeFlexible)]),
      money, optional,
    };
  }
  const unusedCents = unusedCostCents(report);
  const arn = arnText(terminal.wide);
  return {
    columns: columns.filter((name) => name !== 'unit'),
    rows: report.commitments.map((c, i) => [arn(c.arn), c.type, termEndCell(c.end), ...commitmentAmountCells(c, unusedCents[i]), percentCell(c.utilisationPercent),
      percentCell(c.normalisedUtilisationPercent), unusedCostCell(unusedCents[i]), c.accountId, c.instanceType, text(c.sizeFlexible)]),
    money, optional: optional.filter((name) => name !== 'unit'),
  };
}

/**
 * One row per group of --by: coverage, and the utilisation of the commitments the group owns. With
 * `rounded` (the terminal table) money is in cents, each column the largest-remainder rounding of
 * the report's total that its groups split (unused cost, eligible and covered on-demand-equivalent
 * cost, on-demand spend), so the rows add up to the figures the summary shows; a column whose
 * groups do not split the total (commitments no group owns) is rounded row by row; hours are
 * rounded once to two decimals at most and say their unit (`2,396.98 h`), percentages have two
 * decimals on every row. csv keeps the exact decimals. A group whose commitments none states its
 * unused cost (null) reads `not stated` there (csv: an empty cell).
 */
export function groupsTable(report: Report, rounded = false): TextTable {
  const columns = ['key', 'commitments', 'utilisation_pct', 'unused_cost', 'eligible_hours', 'covered_hours', 'coverage_pct', 'eligible_on_demand_cost', 'covered_on_demand_cost', 'coverage_cost_pct', 'on_demand_cost'];
  const groups = report.groups ?? [];
  const money = (pick: (g: (typeof groups)[number]) => string | null, total: string | null) => (rounded ? splitCentsText(groups.map((g) => unitsOrNull(pick(g))), unitsOrNull(total)) : groups.map(pick));
  const unused = money((g) => g.unusedCost, report.unusedCost);
  const eligible = money((g) => g.eligibleOnDemandCost, report.coverage.eligibleOnDemandCost);
  const covered = money((g) => g.coveredOnDemandCost, report.coverage.coveredOnDemandCost);
  const onDemand = money((g) => g.onDemandCost, report.coverage.onDemandCost);
  const pct = rounded ? percentCell : text;
  const hours = rounded ? hoursCell : text;
  return {
    columns,
    rows: groups.map((g, i) => [g.key, String(g.commitments), pct(g.utilisationPercent), rounded && g.unusedCost === null ? 'not stated' : unused[i], hours(g.eligibleHours), hours(g.coveredHours),
      pct(g.coveragePercent), eligible[i], covered[i], pct(g.coverageCostPercent), onDemand[i]]),
    money: ['unused_cost', 'eligible_on_demand_cost', 'covered_on_demand_cost', 'on_demand_cost'],
    optional: ['eligible_hours', 'covered_hours', 'eligible_on_demand_cost', 'covered_on_demand_cost', 'commitments'],
  };
}

/**
 * The data horizon after a complete period's or range's days (`; data horizon 2018-11-30`). In a store
 * of several deliveries a billing period's days, and a range's, are judged on its own source's data
 * (`periodData`), which the line names beside the store's latest, from which the expiry windows count:
 * `; data horizon 2018-11-30 (the data of aws/836060457634, its source; the store's latest ends on
 * 30 Sep 2024)`, and of days not complete `; judged on the data of aws/123412340534, its source (…)`;
 * `(…, its sources, the store's latest)` when its data is the latest. When that delivery is the one
 * holding the store's data horizon back (`span.heldBack`, source-spans.ts), it says so as status does
 * (heldBackWords): `; data horizon 2018-11-19, held back by aws/836060457634 (its data ends at 20 Nov
 * 2018 12:00 UTC; other sources run to 30 Nov 2018)`; of days not complete, whose days say it where
 * their data ends (days.ts), `; judged on the data of aws/836060457634, its source`. Then the other
 * periods a range reaches that their own delivery does not complete inside it (`periodData.notComplete`):
 * `; 2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023`.
 */
function horizonText(r: Report, span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>): string {
  const cut = r.periodData?.notComplete ?? [];
  return `${ownHorizonText(r, span)}${cut.map((words) => `; ${words}`).join('')}`;
}

/** {@link horizonText} but for the other periods a range reaches that are not complete (`periodData.notComplete`), which it names after. */
function ownHorizonText(r: Report, span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>): string {
  const own = r.periodData;
  if (!own) return r.days.complete ? `; data horizon ${shortDay(r.horizon, true)}${heldBackWords(span)}` : '';
  const of = ownDataWords(own);
  const held = span.heldBack;
  if (held && own.horizon === span.lastDay && held.sources.every((source) => own.sources.includes(source))) {
    return r.days.complete ? `; data horizon ${shortDay(own.horizon, true)}${heldBackWords(span)}` : `; judged on ${of}`;
  }
  const latest = own.horizon === r.horizon ? 'the store\'s latest' : `the store's latest ends on ${shortDay(r.horizon, true)}`;
  return r.days.complete ? `; data horizon ${shortDay(own.horizon, true)} (${of}; ${latest})` : `; judged on ${of} (${latest})`;
}

/**
 * The lines above the table (`span`: the store's, for a delivery holding its data horizon back): the period and its days, the headline figures, the expiring
 * commitments and the purchase advice, written as the table writes its cells: every percentage with
 * two decimals (`75.00 %` beside `89.29 %`, `percentCell`), money as `$10,902.46` (`dollarsText`; an
 * hourly commitment `$8.601/hour`), a term's end as `2027-08-17` (`termEndCell`), and a commitment's
 * ARN whole under --wide (`wide`), else without its account prefix; the look-back is named by its
 * days, both included (`lookbackText`). Of days judged on an earlier delivery's data than the store's
 * latest (shownDaysEnd), the expiry and the advice say they count from the store's latest data
 * (`Purchase advice, from the store's latest data (look-back …)`).
 */
function summaryText(a: CommitmentsAnalysis, r: Report, span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>, wide: boolean): string {
  const pct = (v: number | null) => (v === null ? 'n/a' : `${percentCell(v)} %`);
  const arn = arnText(wide);
  const lines = [
    `Commitments ${r.period} (${r.days.description}${r.wholeBills ? `; complete bills through ${monthLabel(r.horizon)}` : horizonText(r, span)}): ${plural(r.reservedInstances.count, 'Reserved Instance')}, ${plural(r.savingsPlans.count, 'Savings Plan')}`,
    ...(r.wholeBills ? [`  ${r.wholeBills}`] : []),
    `  utilisation ${pct(r.utilisationPercent)} of commitment cost; ${r.reservedInstances.count === 0 ? 'no RIs' : `RIs ${pct(r.reservedInstances.utilisationPercent)} of hours, ${pct(r.normalisedUtilisationPercent)} of normalised units`}; ${r.savingsPlans.count === 0 ? 'no Savings Plans' : `Savings Plans ${pct(r.savingsPlans.utilisationPercent)} of commitment`}`,
    ...unstatedPurchaseNotes(r).map((note) => `  ${note}`),
    `  unused commitment cost ${r.unusedCost === null ? 'not stated' : dollarsText(r.unusedCost)}; coverage ${pct(r.coveragePercent)} of eligible instance hours, ${pct(r.coverageCostPercent)} of eligible on-demand-equivalent cost; on-demand spend that could have been covered ${dollarsText(r.coverage.onDemandCost)}`,
    `  effective savings rate ${pct(r.effectiveSavingsRate)} (on-demand equivalent ${dollarsText(r.onDemandEquivalent)}, ${amortisedCostWords(r, dollarsText)})`,
  ];
  lines.push(expiringHeadline(r, a.range.billingFrom === undefined ? 'range' : 'period'));
  for (const e of r.expiring) lines.push(`  ${arn(e.arn)} ${e.type} ends ${termEndCell(e.end)} (${e.daysLeft} days): ${dollarsText(e.monthlyValue)} a month; on-demand if not renewed ${dollarsText(e.onDemandIfNotRenewed)} a month`);
  const fromLatest = shownDaysEnd(r) ? ', from the store\'s latest data' : '';
  lines.push(r.advice.lookbackFrom ? `Purchase advice${fromLatest} (look-back ${lookbackText(r.advice)}; ${r.advice.hoursSource}):` : 'Purchase advice:');
  for (const rec of r.recommendations) {
    lines.push(`  ${rec.term} ${rec.paymentOption} ${rec.type}: ${hourlyDollarsText(rec.hourlyCommitment)}/hour → ${pct(rec.expectedUtilisationPercent)} utilisation, ${pct(rec.expectedCoveragePercent)} coverage, saves ${dollarsText(rec.monthlySaving)} a month (break-even at ${pct(rec.breakEvenUtilisationPercent)} utilisation); rate ${pct(rec.discountPercent)} off on-demand, ${rec.rateBasis.replace(ARN_IN_TEXT, arn)}`);
  }
  for (const note of r.advice.notes) lines.push(`  ${note}`);
  if (a.coverage.teamKey) lines.push(`team = tag ${a.coverage.teamKey.name} (raw keys read: ${a.coverage.teamKey.rawKeys.join(', ') || 'none'})`);
  return `${lines.join('\n')}\n`;
}

/**
 * The default period: the last complete month up to the data horizon, or the horizon's month up to
 * the horizon when the store does not hold that month; in a store without daily usage (a monthly CUR, fees only), its last
 * complete bill (src/analyze/commitments/days.ts). Said on stderr with the reason, and in a store of
 * several deliveries whose data the default follows (source-spans.ts, the latest). Chosen from the
 * calendar the analysis then reads the store by, so the run reads it once.
 */
function defaultRange(calendar: CommitmentsCalendar, stderr: NodeJS.WritableStream): ResolvedRange {
  const chosen = defaultCommitmentsPeriod(calendar.span, calendarStoreDays(calendar), calendar.spans);
  const latest = calendar.spans.latest();
  const following = latest && !latest.heldBack ? `, following the store's latest data: that of ${latest.sources.join(', ')}` : '';
  stderr.write(`period ${chosen.reason}${following}\n`);
  const definite: DefiniteSelection = { kind: 'period', period: chosen.period };
  return { range: selectionRange(definite), label: selectionLabel(definite) };
}

/**
 * Refuses --period or --from/--to when they hold no day of the store's billing data, or only days
 * in gaps between its billing periods (src/analyze/commitments/days.ts), rather than print zeros.
 * Called only when the selection found no commitment and no eligible usage; it reads nothing more.
 */
function refuseEmptySelection(selection: DefiniteSelection, calendar: CommitmentsCalendar): void {
  const store = calendarStoreDays(calendar);
  refuseSelectionOutsideData(selection, calendar.span, store, defaultCommitmentsPeriod(calendar.span, store, calendar.spans).period);
}

export const commitmentsCommand: Command = {
  name: 'commitments',
  summary: 'Reserved Instances and Savings Plans: utilisation, unused cost, coverage, savings, expiry, purchase advice',
  usage: `costlens commitments [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] [--by commitment|account|service|region|family|team]
                     [--format table|csv|json] [--wide] [--db FILE] [--config FILE] [--engine duckdb|athena] [--verbose]

  Per Reserved Instance and Savings Plan: purchased, used and unused hours (RIs; and normalised
  units) or commitment dollars (Savings Plans), utilisation as AWS's utilisation reports define it,
  and the unused commitment cost (unused recurring + unused amortised upfront fee). Then coverage of
  the usage a commitment could cover (hours and on-demand-equivalent cost), the effective savings
  rate, commitments ending within 30/60/90 days of the data horizon with their monthly value, and
  Compute Savings Plan purchase advice from the last 30 days of hourly on-demand spend.
  --period    a billing period (default: the last complete month up to the last complete day in the store, said on stderr)
              (the horizon's month, up to it, when the store does not hold that month; in a store without daily usage, a CUR at
              monthly time granularity or fees only, its last complete bill, and no purchase advice, which replays
              hourly spend); a period the store holds no day of is refused, and one the data horizon cuts short is
              said to be not complete
  --from/--to charges from --from up to, not including, --to (an RI's monthly fee, and its unused hours and cost, are prorated to
              the hours of the range its RIFee line pays for); days outside the billing data are refused, and so is a
              range cut inside a month in a store without daily usage (its lines are dated to the 1st)
  --by        commitment (default: one row per commitment) or coverage and utilisation per account,
              service, region, instance family or team (the tag commitments.teamTagKey, else report.ownerTagKey)
${readerOptions(14, 'commitments (expiryWindowsDays, lookbackDays, minUtilisationPercent, estimatedDiscountPercent, teamTagKey), report.ownerTagKey and aws.athena', { format: 'a table holds the summary, commitments, expiry and advice; csv the commitments, or the groups of --by; json the whole report' })}`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('commitments', args, {
      ...READER_FLAGS,
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      config: { type: 'string' },
      engine: { type: 'string' },
      verbose: { type: 'boolean' },
    }, false);
    const format = outputFormat(values.format);
    const by = choice('by', values.by, COMMITMENTS_GROUPINGS, 'commitment');
    const loaded = loadConfig(values.config, ctx.env, ctx.cwd);
    const requested = parseRange('commitments', values);
    const storePath = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const engineContext = { config: loaded, env: ctx.env, stderr: ctx.stderr, verbose: values.verbose };
    return withChosenEngine(values.engine, storePath, engineContext, async (engine) => {
      const calendar = await readCommitmentsCalendar(engine);
      if (requested.kind === 'days' && !onMonthBounds(requested)) refuseDaysWithoutDailyUsage(requested, calendar.span);
      const { range, label } = requested.kind === 'default' ? defaultRange(calendar, ctx.stderr)
        : { range: selectionRange(requested), label: selectionLabel(requested) };
      const analysis = await analyseCommitments(engine, {
        commitments: loaded.commitments, attribution: loaded.attribution, teamTagKey: loaded.commitments.teamTagKey ?? loaded.report.ownerTagKey,
      }, { range, label, by, calendar });
      if (requested.kind !== 'default' && analysis.commitments.length === 0 && analysis.coverage.byPeriod.size === 0) refuseEmptySelection(requested, calendar);
      const report = commitmentsJson(analysis);
      if (format === 'json') {
        ctx.stdout.write(`${JSON.stringify(jsonDocument(report, { timestamps: ['start', 'end'] }), null, 2)}\n`);
      } else if (format === 'csv') {
        ctx.stdout.write(renderTable(by === 'commitment' ? commitmentsTable(report) : groupsTable(report), 'csv'));
      } else {
        ctx.stdout.write(summaryText(analysis, report, calendar.span, values.wide === true));
        ctx.stdout.write(renderTable(by === 'commitment' ? commitmentsTable(report, { wide: values.wide === true }) : groupsTable(report, true), 'table', { width: tableWidth(ctx, values.wide) }));
      }
      return 0;
    });
  },
};
