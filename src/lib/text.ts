/** Text helpers for sentences and headings. */

/** The text with its first letter in capitals: a clause that starts a sentence, `Cost-center` from `cost-center`. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A count and its noun, singular for exactly one: `1 day`, `3 days`, `1 Reserved Instance`; `plural`
 * for a noun whose plural is not made with -s (`1 was`/`2 were` is the caller's).
 */
export function plural(count: number | bigint, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${pluralNoun(count, singular, pluralForm)}`;
}

/**
 * The noun {@link plural} puts after a count, without the count: for a count the caller writes
 * itself (grouped, in markup): `${count(n)} ${pluralNoun(n, 'finding')}`; `singular` and
 * `pluralForm` may hold a verb too (`finding saves`, `findings save`).
 */
export function pluralNoun(count: number | bigint, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 || count === 1n ? singular : pluralForm;
}

/** Words joined as a sentence lists them: `a`, `a and b`, `a, b and c` (none: the empty text); `conjunction` 'or' for choices. */
export function andList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
