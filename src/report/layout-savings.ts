/**
 * The "Savings waiting" section, per audience. Engineering and teams get the worklist: each
 * finding with its owner, action, saving and evidence (the rule that fired and the figures it
 * fired on). Finance gets the money: the savings by cost centre, adding up to the total, and the
 * largest findings to approve (resource, cost centre, action, saving) without the engineering
 * evidence, which the section's link opens on the Optimisation page. What findings free of a
 * Reserved Instance or Savings Plan instead of cash is said apart, with its own table, never in the total.
 * Where idle or rightsizing judged nothing, the AWS usage lines of their days carrying no usage type
 * (a FOCUS 1.0 export), the section says "not judged" with those lines in the words of `costlens idle`,
 * `costlens rightsize` and the Optimisation page (withoutTypeCount, and their `Not judged:` notes),
 * never "No idle resource or rightsizing finding".
 */
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import type { WeeklyReport } from './model.ts';
import type { CommitmentFreed, WithoutUsageType } from './savings.ts';
import { idleUsageWithoutTypeNote } from '../analyze/idle/index.ts';
import { withoutTypeCount } from '../analyze/not-judged.ts';
import { rightsizingUsageWithoutTypeNote } from '../analyze/rightsizing/index.ts';
import { formatUsd } from '../lib/money.ts';
import { HOURS_PER_MONTH, shortDay } from '../lib/calendar.ts';
import { MONTHLY_COST_DAYS } from '../analyze/findings-window.ts';
import { capitalised } from '../lib/text.ts';
import { plural } from '../lib/text.ts';

/** How a saving is priced, as every audience's note says it. */
const PRICING = `Idle: the resource's run-rate (its current hourly rate × ${HOURS_PER_MONTH} h); rightsizing: its EffectiveCost over the ${MONTHLY_COST_DAYS} days before as a month of ${HOURS_PER_MONTH} h (× ${HOURS_PER_MONTH}/${MONTHLY_COST_DAYS * 24}) × (1 − new price ÷ old price).`
  + ' Both in cash: the part a Reserved Instance or Savings Plan with unused hours covered frees that commitment instead, which lowers the bill only when other usage'
  + ' takes it up or it ends, so it is listed apart and not in the total.';
const COUNTED = "The total adds every finding's saving as shown, each resource counted once (its larger saving).";

/**
 * What idle and rightsizing judged nothing of, as `costlens idle` and `rightsize` head it: `Idle
 * resources not judged: 903 AWS usage lines without a usage type, and no metrics or inventory to
 * read; rightsizing not judged: 500 AWS usage lines without a usage type (the notes below).`; null when both judged.
 */
function notJudgedSentence(w: WithoutUsageType): string | null {
  const clauses = [
    w.notJudged.idle && w.idle ? `idle resources not judged: ${withoutTypeCount(w.idle)}, and no metrics or inventory to read` : null,
    w.notJudged.rightsizing && w.rightsizing ? `rightsizing not judged: ${withoutTypeCount(w.rightsizing)}` : null,
  ].filter((c) => c !== null);
  return clauses.length ? `${capitalised(clauses.join('; '))} (the notes below).` : null;
}

/** Which analyses found nothing though they judged, as the no-finding sentence names them (`idle resource or rightsizing`); null when neither. */
function judgedNone(w: WithoutUsageType): string | null {
  const judged = [w.notJudged.idle ? null : 'idle resource', w.notJudged.rightsizing ? null : 'rightsizing'].filter((n) => n !== null);
  return judged.length ? judged.join(' or ') : null;
}

/** The section's paragraphs: what idle or rightsizing did not judge first (the summary may lead into a table), then the summary. */
function paragraphs(s: WeeklyReport['savings'], finance: boolean): string[] {
  const notJudged = notJudgedSentence(s.withoutUsageType);
  if (!s.count && !s.commitment.count) {
    const none = judgedNone(s.withoutUsageType);
    return [none ? `No ${none} finding.` : null, notJudged].filter((p) => p !== null);
  }
  return [notJudged, summary(s.count, s.total, s.listed.length, finance, s.commitment)].filter((p) => p !== null);
}

/** The commands' `Not judged:` notes of the AWS usage lines without a usage type idle and rightsizing read, as the Optimisation page shows them. */
function withoutUsageTypeNotes(w: WithoutUsageType): string[] {
  return [
    w.idle ? `Not judged: ${idleUsageWithoutTypeNote(w.idle)}.` : null,
    w.rightsizing ? `Not judged: ${rightsizingUsageWithoutTypeNote(w.rightsizing)}.` : null,
  ].filter((n) => n !== null);
}

function summary(count: number, total: bigint, listed: number, finance: boolean, freed: CommitmentFreed): string {
  const apart = freed.count
    ? `${count ? ', and ' : ''}${freed.count} free${freed.count === 1 ? 's' : ''} ${formatUsd(freed.total)} a month of Reserved Instance or Savings Plan commitment instead of cash (not in the total; the last table)`
    : '';
  if (!count) return `No finding saves cash${apart ? `; ${apart}` : ''}.`;
  const head = `${plural(count, 'finding')} worth ${formatUsd(total)} a month${apart}`;
  if (finance) return `${head}: by cost centre, then ${count > listed ? `the ${listed} largest` : 'each one'} to approve.`;
  return `${head}${count > listed ? `; the ${listed} largest:` : '.'}`;
}

function financeTables(report: WeeklyReport): LayoutTable[] {
  const s = report.savings;
  const key = capitalised(report.costCentreTagKey);
  const tables: LayoutTable[] = [];
  if (s.byCostCentre.length) {
    tables.push({
      columns: [key, 'Findings', 'Monthly saving'], numeric: [false, true, true],
      rows: s.byCostCentre.map((c) => [c.costCentre, String(c.count), formatUsd(c.total)]),
      footer: ['Total', String(s.count), formatUsd(s.total)],
    });
  }
  if (s.listed.length) {
    tables.push({
      columns: ['To approve', key, 'Action', 'Monthly saving'], numeric: [false, false, false, true],
      rows: s.listed.map((x) => [x.resource, x.costCentre ?? '', x.action, formatUsd(x.monthlySaving)]),
    });
  }
  return tables;
}

function worklistTables(report: WeeklyReport): LayoutTable[] {
  const s = report.savings;
  return [
    ...(s.byOwner.length ? [{
      columns: ['Owner', 'Findings', 'Monthly saving'], numeric: [false, true, true],
      rows: s.byOwner.map((o) => [o.owner, String(o.count), formatUsd(o.total)]),
    }] : []),
    ...(s.listed.length ? [{
      columns: ['Resource', 'Owner', 'Action', 'Monthly saving', 'Evidence'],
      numeric: [false, false, false, true, false],
      detail: 4,
      rows: s.listed.map((x) => [x.resource, x.owner, x.action, formatUsd(x.monthlySaving), `${x.rule}: ${x.evidence}`]),
    }] : []),
  ];
}

/** The largest findings that free commitment instead of cash, with their owner (cost centre for finance); none without any. */
function commitmentTables(report: WeeklyReport, finance: boolean): LayoutTable[] {
  const c = report.savings.commitment;
  if (!c.count) return [];
  return [{
    columns: ['Frees commitment', finance ? capitalised(report.costCentreTagKey) : 'Owner', 'Action', 'Commitment a month'], numeric: [false, false, false, true],
    rows: c.listed.map((x) => [x.resource, (finance ? x.costCentre : x.owner) ?? '', x.action, formatUsd(x.monthlySavingCommitment)]),
  }];
}

/** The savings section of a report: the money by cost centre for finance, the worklist for everyone else. */
export function savingsLayout(report: WeeklyReport): LayoutSection {
  const s = report.savings;
  const finance = report.audience.kind === 'finance';
  const asOf = `As of ${shortDay(s.asOf, true)} (look-backs end at the start of that day).`;
  return {
    id: 'savings', title: 'Savings waiting',
    paragraphs: paragraphs(s, finance),
    tables: [...(finance ? financeTables(report) : worklistTables(report)), ...commitmentTables(report, finance)],
    notes: [finance
      ? `${asOf} ${PRICING} Cost centres by the ${report.costCentreTagKey} tag on the resource's own bill, read as the chargeback reads it (aliases, value spellings, account defaults). ${COUNTED} The rule, thresholds and evidence of each finding are in the engineering e-mail and on the Optimisation page.`
      : `${asOf} ${PRICING} Owners by the ${report.ownerTagKey} tag on the resource's own bill. ${COUNTED}`, ...withoutUsageTypeNotes(s.withoutUsageType)],
  };
}
