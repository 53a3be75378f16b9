/** Text helpers for sentences and headings. */

/** The text with its first letter in capitals: a clause that starts a sentence, `Cost-center` from `cost-center`. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
