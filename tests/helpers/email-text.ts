/**
 * The text a reader sees in the weekly e-mail's HTML part, for tests that compare it with what the
 * CLI says: the figures kept whole (src/report/html.ts wraps each amount and percentage in a nowrap
 * span) read as their text, other tags as spaces, the five entities the report's escapeHtml writes
 * decoded, a no-break space read as a space, and runs of spaces as one.
 */
export function emailText(html: string): string {
  return html
    .replace(/<span style="white-space:nowrap;">([^<]*)<\/span>/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
    .replace(/[\s\u00a0]+/g, ' ');
}
