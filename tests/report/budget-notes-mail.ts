/**
 * Reading the weekly e-mail's Budgets section for the budget-notes tests: the notes after its
 * table, in the text part and the HTML part, and the lines `costlens budgets --format json` says
 * they must be.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { reportCli } from './helpers.ts';

/** The start of the section's last note: how its figures are made. */
const BASIS = 'Actual: spend in scope';

/** A budget as `costlens budgets --format json` gives it (the keys these tests read). */
export interface BudgetJson {
  name: string;
  judged: boolean;
  coverage: string | null;
  notJudged: string | null;
}

/** What `costlens budgets --format json` says of a store and config. */
export interface BudgetsJson {
  asOf: string;
  budgets: BudgetJson[];
}

/** `costlens budgets --format json` on `db` with `config`. */
export async function budgetsCliJson(db: string, config: string): Promise<BudgetsJson> {
  const run = await costlens(db, 'budgets', '--format', 'json', '--config', config);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as BudgetsJson;
}

/** The line a budget not judged must have after the e-mail's table: its name, its `coverage` and its `notJudged`, as JSON gives them. */
export function notJudgedLine(b: BudgetJson): string {
  return `${b.name}: ${b.coverage}; ${b.notJudged}.`;
}

/** The finance e-mail of `week`, written by `costlens report weekly --out` on `db` with `config`. */
export async function financeMail(db: string, config: string, week: string, out: string): Promise<ParsedMail> {
  const run = await reportCli(db, {}, 'weekly', '--week', week, '--audience', 'finance', '--out', out, '--config', config);
  expect(run.code, run.stderr).toBe(0);
  return simpleParser(readFileSync(join(out, `${week}-finance.eml`)));
}

/** The text part's Budgets section: its paragraphs, each on one line, from the table (excluded) to the basis note (excluded). */
export function textNotes(mail: ParsedMail): string[] {
  const text = mail.text!;
  const start = text.indexOf('\nBudgets\n-------\n');
  expect(start, 'the text part has a Budgets section').toBeGreaterThanOrEqual(0);
  const paragraphs = text.slice(start).split('\n\n').map((p) => p.replace(/\s+/g, ' ').trim());
  const table = paragraphs.findIndex((p) => p.startsWith('Budget Actual Amount Share Forecast Crossed'));
  const basis = paragraphs.findIndex((p) => p.startsWith(BASIS));
  expect([table >= 0, basis > table]).toEqual([true, true]);
  return paragraphs.slice(table + 1, basis);
}

/** The HTML part's Budgets section: the paragraphs after its table, up to the basis note (excluded), as text. */
export function htmlNotes(mail: ParsedMail): string[] {
  const html = String(mail.html);
  const start = html.indexOf('>Budgets</h2>');
  expect(start, 'the HTML part has a Budgets section').toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<h2', start);
  const section = html.slice(start, end < 0 ? undefined : end);
  const afterTable = section.slice(section.indexOf('</table>', section.indexOf('<table class="cl-t"')));
  const paragraphs = [...afterTable.matchAll(/<p [^>]*>([^]*?)<\/p>/g)].map((m) => decodeHtml(m[1].replace(/<[^>]+>/g, '')));
  const basis = paragraphs.findIndex((p) => p.startsWith(BASIS));
  expect(basis).toBeGreaterThanOrEqual(0);
  return paragraphs.slice(0, basis);
}

/** Text of escaped HTML (the five entities the report's escapeHtml writes). */
function decodeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}
