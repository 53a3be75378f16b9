/**
 * The resource view's modernisation section: the `costlens modernise` findings about one resource
 * as of a day, and those the command leaves out because idle or rightsizing supersedes them
 * (src/analyze/modernise/superseded.ts) or because the move saves nothing on the bill
 * (nothing-to-save.ts), each with the note that says why.
 */
import { html } from 'hono/html';
import type { ModerniseFinding, NothingToSave, SupersededFinding } from '../../../analyze/modernise/index.ts';
import { addDays, HOURS_PER_MONTH } from '../../../lib/calendar.ts';
import { day, type Html, money, type PageRequest, tableScroll } from '../../html/index.ts';
import { actionCell, moderniseReportOrWhy, type NoModernisationView, noModernisationNote, savingCell } from '../optimisation/index.ts';

/** One resource's modernisation as of a day: the findings listed, and those left out (idle's first, then rightsizing's; and those that save nothing on the bill). */
export interface ResourceModernisation {
  findings: ModerniseFinding[];
  superseded: SupersededFinding[];
  nothingToSave: NothingToSave[];
}

/** The modernisation findings about resource `id` as of `asOf`, listed and left out, or the reason there is no modernisation view for that day. */
export async function modernisationOf(analyses: PageRequest['analyses'], asOf: string, id: string): Promise<ResourceModernisation | NoModernisationView> {
  const report = await moderniseReportOrWhy(analyses, asOf);
  if ('why' in report) return report;
  const about = <T extends { resourceId: string }>(list: readonly T[]) => list.filter((f) => f.resourceId === id);
  return { findings: about(report.findings), superseded: about([...report.supersededByIdle, ...report.supersededByRightsizing]), nothingToSave: about(report.nothingToSave) };
}

/** `gp2 → gp3`, `m5.large → m7g.large (platform change: arm64)`, `… → delete`. */
function move(f: Pick<ModerniseFinding, 'current' | 'target' | 'platformChange'>): string {
  return `${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (platform change: arm64)' : ''}`;
}

/**
 * `A modernisation finding (ebs-gp2-to-gp3: gp2 → gp3, saving $5.00 a month) is left out: the
 * resource is idle (ebs-unattached): snapshot the volume, then delete it; see costlens idle.`
 */
function supersededNote(f: SupersededFinding): Html {
  const saving = f.monthlySaving === null ? 'not priced' : `saving ${money(f.monthlySaving)} a month`;
  return html`<p class="note superseded" data-modernise-rule="${f.rule}" data-superseded-by="${f.supersededBy.command}" data-monthly-cost="${f.monthlyCost}" data-monthly-saving="${f.monthlySaving ?? ''}">A modernisation finding (${f.rule}: ${move(f)}, ${saving}) is left out: ${f.note}.</p>`;
}

/**
 * `A modernisation finding (ebs-gp2-to-gp3: gp2 → gp3) is left out, as the move saves nothing on the
 * bill: billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices).`
 */
function nothingToSaveNote(f: NothingToSave): Html {
  return html`<p class="note nothing-to-save" data-modernise-rule="${f.rule}" data-monthly-cost="${f.monthlyCost}">A modernisation finding (${f.rule}: ${move(f)}) is left out, as the move saves nothing on the bill: ${f.reason}.</p>`;
}

/**
 * The resource's modernisation findings (as the Optimisation page's section lists them), each one
 * left out as a note naming what supersedes it, or a note that no rule fires; for a day modernise does not
 * take, why, with the command of the nearest day it takes.
 */
export function modernisationSection(modern: ResourceModernisation | NoModernisationView, asOf: string): Html {
  const heading = html`<h2>Modernisation as of ${day(asOf)}</h2>`;
  if ('why' in modern) return html`<section class="top-table" id="resource-modernisation">${heading}<p class="note" id="resource-no-modernisation">${noModernisationNote(modern, asOf)}</p></section>`;
  const leftOut = [...modern.superseded.map(supersededNote), ...modern.nothingToSave.map(nothingToSaveNote)];
  if (modern.findings.length === 0) {
    return html`<section class="top-table" id="resource-modernisation">${heading}
  ${leftOut.length > 0 ? leftOut : html`<p class="note">No modernisation rule fires for this resource on the bill of ${day(addDays(asOf, -1))}.</p>`}</section>`;
  }
  return html`<section class="top-table" id="resource-modernisation">${heading}
  ${tableScroll('Modernisation findings', html`<table class="numbers findings stack"><thead><tr><th>Rule</th><th class="text">Move</th><th class="text">Action</th><th>Monthly cost (rate × ${HOURS_PER_MONTH} h)</th><th>Monthly saving</th></tr></thead><tbody>
    ${modern.findings.map((f) => html`<tr data-modernise-rule="${f.rule}"><td>${f.rule}</td><td class="text">${move(f)}</td>
      ${actionCell(f)}
      <td data-value="${f.monthlyCost}">${money(f.monthlyCost)}</td>
      ${savingCell(f)}</tr>`)}
  </tbody></table>`)}
  ${leftOut}
</section>`;
}
