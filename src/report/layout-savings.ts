/**
 * The "Savings waiting" section, per audience. Engineering and teams get the worklist: each
 * finding with its owner, action, saving and evidence (the rule that fired and the figures it
 * fired on). Finance gets the money: the savings by cost centre, adding up to the total, and the
 * largest findings to approve (resource, cost centre, action, saving) without the engineering
 * evidence, which the section's link opens on the Optimisation page. What findings free of a
 * Reserved Instance or Savings Plan instead of cash is said apart, with its own table, never in the total.
 */
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import type { WeeklyReport } from './model.ts';
import type { CommitmentFreed } from './savings.ts';
import { formatUsd } from '../lib/money.ts';
import { shortDay } from '../lib/calendar.ts';
import { capitalised } from '../lib/text.ts';
import { plural } from '../lib/text.ts';

/** How a saving is priced, as every audience's note says it. */
const PRICING = "Idle: the resource's run-rate (its current hourly rate × 730 h); rightsizing: its EffectiveCost over the 30 days before × (1 − new price ÷ old price)."
  + ' Both in cash: the part a Reserved Instance or Savings Plan with unused hours covered frees that commitment instead, which lowers the bill only when other usage'
  + ' takes it up or it ends, so it is listed apart and not in the total.';
const COUNTED = "The total adds every finding's saving as shown, each resource counted once (its larger saving).";

function summary(count: number, total: bigint, listed: number, finance: boolean, freed: CommitmentFreed): string {
  if (!count && !freed.count) return 'No idle resource or rightsizing finding.';
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
    paragraphs: [summary(s.count, s.total, s.listed.length, finance, s.commitment)],
    tables: [...(finance ? financeTables(report) : worklistTables(report)), ...commitmentTables(report, finance)],
    notes: [finance
      ? `${asOf} ${PRICING} Cost centres by the ${report.costCentreTagKey} tag on the resource's own bill, read as the chargeback reads it (aliases, value spellings, account defaults). ${COUNTED} The rule, thresholds and evidence of each finding are in the engineering e-mail and on the Optimisation page.`
      : `${asOf} ${PRICING} Owners by the ${report.ownerTagKey} tag on the resource's own bill. ${COUNTED}`],
  };
}
