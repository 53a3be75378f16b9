/**
 * Storage and Data transfer on a store whose AWS usage lines carry no usage type (a FOCUS 1.0
 * export: no x_UsageType): both pages tell storage classes and transfer types apart by the usage
 * type, so they found no line and read "$0.00", "No storage line", "0.00 GB billed" as if nothing
 * had been stored or sent. They now say what they could not classify, in the words of `costlens
 * kpi`, `idle` and the Optimisation page (usageWithoutTypeNote: how many lines, their cost, the
 * service with the most), read on the page's own days (queries/store/usage_without_type.sql), and a
 * figure that is zero only because of them reads "not classified".
 */
import { html } from 'hono/html';
import { readUsageWithoutType, usageWithoutTypeNote, type UsageWithoutType } from '../analyze/usage-without-type.ts';
import { formatDollars } from '../lib/money.ts';
import type { Analyses } from './analysis-service.ts';
import type { Html } from './html/index.ts';
import { pluralNoun } from '../lib/text.ts';

/**
 * The AWS usage lines without a usage type charged from `start` to before `end` (YYYY-MM-DD), or null when there are none;
 * without the lines of `excludeSources` when given (a comparison that leaves them out); read once per generation, days and sources.
 */
export async function usageWithoutTypeIn(analyses: Analyses, days: { start: string; end: string }, excludeSources: readonly string[] = []): Promise<UsageWithoutType | null> {
  const key = `usage-without-type\u0000${days.start}\u0000${days.end}\u0000${excludeSources.join('\u0000')}`;
  return (await analyses.cached(key, () => readUsageWithoutType(analyses.engine, days, excludeSources))).value;
}

/**
 * The note under a page's days: `Not classified: 941 AWS usage lines charged from 2024-09-01 to
 * 2024-09-30 (…) carry no usage type (…), so CONSEQUENCE.` (usageWithoutTypeNote); empty without such lines.
 */
export function notClassifiedNote(id: string, usage: UsageWithoutType | null, consequence: string): Html | string {
  if (!usage) return '';
  return html`<p class="note" id="${id}" data-lines="${usage.lines}">Not classified: ${usageWithoutTypeNote(usage, consequence)}.</p>`;
}

/** `941 AWS usage lines without a usage type, billed $20.62`: the lines a figure leaves out, in the page's cost measure. */
export function linesLeftOut(usage: UsageWithoutType, cost: 'billed' | 'effective'): string {
  const lines = `${usage.lines.toLocaleString('en-US')} AWS usage ${pluralNoun(usage.lines, 'line')} without a usage type`;
  return cost === 'effective' ? `${lines}, EffectiveCost ${formatDollars(usage.effectiveCost)}` : `${lines}, billed ${formatDollars(usage.billedCost)}`;
}

/**
 * A card's figure that is zero only because the lines of its days carry no usage type: "not
 * classified", with its days and the lines it could not classify (`1–30 Sep 2024: 941 AWS usage
 * lines without a usage type, billed $20.62`), never $0.00.
 */
export function notClassifiedFigure(days: string, usage: UsageWithoutType, cost: 'billed' | 'effective'): Html {
  return html`<p class="figure" data-value="" data-lines="${usage.lines}">not classified</p>
    <p class="range">${days}: ${linesLeftOut(usage, cost)}</p>`;
}

/** Why a table of a page is empty when the lines of its days carry no usage type: `941 AWS usage lines carry no usage type (the note above)`. */
export function whyNoneClassified(usage: UsageWithoutType): string {
  return `${usage.lines.toLocaleString('en-US')} AWS usage ${pluralNoun(usage.lines, 'line carries', 'lines carry')} no usage type (the note above)`;
}
