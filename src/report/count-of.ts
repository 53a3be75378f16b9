/** Counts in the report's sentences, in proper English: `1 finding`, `28 findings`, never `finding(s)`. */

/** `count` and its noun in the form the count takes: `1 Savings Plan`, `0 Savings Plans`, `2 provisional days`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
