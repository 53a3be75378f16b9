/**
 * What idle and rightsizing could not judge, as `costlens idle` and `costlens rightsize` print it
 * under their headings (their `Metrics:` and `Not judged:` lines) and as the Optimisation page shows
 * it under its cards (src/server/features/optimisation/notes.ts), for the tests that compare them.
 */
import { cli, textOf } from './page-helpers.ts';

/**
 * The `Metrics:` and `Not judged:` lines of `costlens idle`, then of `costlens rightsize` (table
 * format, `args` added), each `Metrics:` as the page words it: `Idle: …`, `Rightsizing: …`.
 */
export async function printedNotes(db: string, ...args: string[]): Promise<string[]> {
  const [idle, rightsize] = await Promise.all([cli(db, 'idle', ...args), cli(db, 'rightsize', ...args)]);
  return notesOf(idle, rightsize);
}

/** {@link printedNotes} of the table outputs of `costlens idle` and `costlens rightsize` a test has run. */
export function notesOf(idle: string, rightsize: string): string[] {
  return [[idle, 'Idle'], [rightsize, 'Rightsizing']].flatMap(([printed, who]) => printed.split('\n')
    .filter((line) => /^(Metrics|Not judged): /.test(line)).map((line) => line.replace(/^Metrics: /, `${who}: `)));
}

/** The notes of an Optimisation page above its worklist that say what idle or rightsizing could not judge (`Idle: …`, `Rightsizing: …`, `Not judged: …`), as text. */
export function shownNotes(html: string): string[] {
  return [...html.slice(0, html.indexOf('id="worklist"')).matchAll(/<p class="note[^"]*"[^>]*>([^]*?)<\/p>/g)].map((m) => textOf(m[1]))
    .filter((note) => /^(Idle|Rightsizing|Not judged): /.test(note));
}
