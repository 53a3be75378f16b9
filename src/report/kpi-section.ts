/**
 * The engineering e-mail's KPI line: the efficiency KPIs of the report week's month so far (named
 * as the month, never "so far", once its last day is counted) through the day the month section
 * counts it to (the report week's last day with data, lastReportedDay), as
 * `costlens kpi --as-of <that day> --months 1` gives them for all accounts, each against its target (`kpi.targets`), and what reaching every target would
 * have saved in that month's bill; the three teams (owner tag) with the largest saving at target.
 * AWS usage lines without a usage type (a FOCUS 1.0 export) leave the EC2, EBS and S3 figures
 * unclassified: as `costlens kpi` and the KPI page (src/analyze/kpi/usage-without-type.ts), such a
 * figure and a saving at every target that adds one up read "not classified", never a partial sum.
 */
import type { AttributionConfig } from '../analyze/attribution/index.ts';
import type { CommitmentsConfig } from '../analyze/commitments/index.ts';
import {
  efficiencyKpis, KPI_NAMES, kpiMonthsWithoutType, kpiNotClassified, kpiPartialSavingReason, kpiSavingNotClassified, kpiUsageWithoutType, kpiUsageWithoutTypeNote,
  type KpiConfig, type KpiName, type KpiRow,
} from '../analyze/kpi/index.ts';
import type { Engine } from '../engine/engine.ts';
import { daySpan } from '../lib/calendar.ts';
import { wholeMonthThrough } from '../analyze/month-names.ts';
import { formatUsd, toUnits } from '../lib/money.ts';
import type { LayoutSection } from './layout-parts.ts';
import { centsOfDecimal, formatPercent } from './money.ts';
import { codePointOrder, descending } from '../lib/order.ts';

/** What the section shows. */
export interface KpiSectionModel {
  /** The month's row for all accounts; null when the month has no EC2, EBS, S3 or eligible usage. */
  all: KpiRow | null;
  /** Teams by saving at target, largest first (at most three, only those with a saving). */
  teams: KpiRow[];
  ownerTagKey: string;
  /** The months whose AWS usage lines carry no usage type (kpiMonthsWithoutType): their EC2, EBS and S3 figures at zero are not classified. */
  notClassified: ReadonlySet<string>;
  /** `941 AWS usage lines charged from … carry no usage type …` (kpiUsageWithoutTypeNote), or null when every line has one. */
  withoutTypeNote: string | null;
}

const LABELS: Record<KpiName, string> = {
  spot: 'Spot', graviton: 'Graviton', currentGeneration: 'current generation', gp3: 'gp3', commitmentCoverage: 'commitment coverage', s3Standard: 'S3 Standard',
};

/** Reads the KPIs of the month up to `asOf` for all accounts and per team. */
export async function buildKpiSection(
  engine: Engine,
  config: { kpi: KpiConfig | undefined; commitments: CommitmentsConfig; attribution: AttributionConfig; ownerTagKey: string },
  asOf: string,
): Promise<KpiSectionModel> {
  const options = { asOf, months: 1, config: config.kpi, commitments: config.commitments, team: { tagKey: config.ownerTagKey, attribution: config.attribution } };
  const byTeam = await efficiencyKpis(engine, { ...options, by: 'team' });
  // The team grouping also sums every line into the all-accounts row (team and account null).
  const all = byTeam.rows.find((r) => r.team === null && r.accountId === null) ?? null;
  const teams = byTeam.rows.filter((r) => r.team !== null && toUnits(r.totalSaving) > 0n)
    .sort((a, b) => descending(toUnits(a.totalSaving), toUnits(b.totalSaving)) || codePointOrder(a.team!, b.team!)).slice(0, 3);
  const withoutType = await kpiUsageWithoutType(engine, byTeam);
  const notClassified = await kpiMonthsWithoutType(engine, byTeam, withoutType);
  return { all, teams, ownerTagKey: config.ownerTagKey, notClassified, withoutTypeNote: withoutType ? kpiUsageWithoutTypeNote(withoutType) : null };
}

/**
 * `Spot 7.99% (target ≥ 10%)`, `Spot not classified (target ≥ 10%)`: one KPI against its target, its
 * share with the terminal table's two decimals and, as the e-mail writes every percentage, the `%` after it (formatPercent).
 */
function kpiAgainstTarget(row: KpiRow, name: KpiName, notClassified: ReadonlySet<string>): string {
  const t = row.targets[name];
  return `${LABELS[name]} ${kpiNotClassified(row, name, notClassified) ? 'not classified' : formatPercent(t.current)} (target ${name === 's3Standard' ? '≤' : '≥'} ${t.target}%)`;
}

/** The section as the report layout prints it (HTML and text alike). */
export function kpiLayoutSection(model: KpiSectionModel): LayoutSection {
  const row = model.all;
  if (!row) {
    return { id: 'kpi', title: 'Efficiency KPIs', paragraphs: ['No EC2, EBS, S3 or commitment-eligible usage this month: no KPI to show.'], tables: [], notes: [] };
  }
  const usd = (text: string | null) => (text === null ? 'not priced' : formatUsd(centsOfDecimal(text)));
  const { notClassified } = model;
  const share = (r: KpiRow, name: KpiName) => (kpiNotClassified(r, name, notClassified) ? 'not classified' : formatPercent(r.targets[name].current));
  const saving = (r: KpiRow) => (kpiSavingNotClassified(r, notClassified) ? 'not classified' : usd(r.totalSaving));
  const savingReason = kpiPartialSavingReason([row, ...model.teams], notClassified, (k) => LABELS[k]);
  return {
    id: 'kpi',
    title: 'Efficiency KPIs',
    paragraphs: [
      `${row.month}${wholeMonthThrough(row.lastDay) ? '' : ' so far'} (${daySpan(row.firstDay, row.lastDay)}): ${KPI_NAMES.map((k) => kpiAgainstTarget(row, k, notClassified)).join('; ')}. `
        + (kpiSavingNotClassified(row, notClassified)
          ? 'Reaching every target: the saving in these days\' bill is not classified (the notes below).'
          : `Reaching every target would have saved ${usd(row.totalSaving)} in these days' bill.`),
    ],
    tables: model.teams.length === 0 ? [] : [{
      columns: [`Team (${model.ownerTagKey})`, 'Graviton', 'Current generation', 'gp3', 'Coverage', 'Saving at targets'],
      numeric: [false, true, true, true, true, true],
      rows: model.teams.map((t) => [t.team!, share(t, 'graviton'), share(t, 'currentGeneration'), share(t, 'gp3'), share(t, 'commitmentCoverage'), saving(t)]),
    }],
    notes: [
      ...(model.withoutTypeNote ? [`Not classified: ${model.withoutTypeNote}.`] : []),
      ...(savingReason ? [`Saving at targets reads "not classified" ${savingReason}, as costlens kpi leaves it blank.`] : []),
      'Shares of EC2 instance hours (Spot, Graviton, current generation), of EBS GB-months (gp3), of commitment-eligible on-demand-equivalent cost (coverage) and of S3 GB-months (Standard, a ceiling); '
      + 'targets from kpi.targets; each saving moves what is short of the target at the bill\'s own rates and the shipped price catalogues (costlens kpi; README, "Efficiency KPIs").',
    ],
  };
}
