/**
 * Control characters in data (a tag value holding ESC or BEL, say) made harmless where text is
 * shown: a terminal must not obey them (`ESC ] 0 ; … BEL` retitles it, other sequences move the
 * cursor or rewrite lines), and XML (SVG charts) may not contain most of them at all. Each is
 * shown as a visible escape such as `\x1b`, so the data stays recognisable.
 */

/**
 * What a terminal could act on: C0 controls except tab and line feed, DEL, C1 controls (U+0080–
 * U+009F, e.g. the one-byte CSI U+009B) and the bidirectional overrides and isolates that reorder
 * what is displayed.
 */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** What XML 1.0 forbids in a document: C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `\x1b` for a code unit below 0x100, `\u202e` above. */
export function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text safe to print on a terminal: controls it would obey become visible escapes; tab and line feed stay. */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visibleEscape);
}

/** A document's text with every character XML 1.0 forbids replaced by its visible escape (a well-formed SVG stays well-formed). */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, visibleEscape);
}

/** Blanks at either end (any Unicode white space), or a control character or bidirectional override anywhere: a name a list could not show apart from another. */
const UNCLEAR_NAME = /^\s|\s$|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A name (a tag key) as a list shows it: as it is, or quoted as a JSON string, with controls as
 * visible escapes, when it is empty, has blanks at either end or holds a control character
 * (`" org"` beside `org`, `"cost\tcentre"`), so that two names that would print alike read apart.
 */
export function quotedWhenUnclear(name: string): string {
  return name === '' || UNCLEAR_NAME.test(name) ? terminalSafe(JSON.stringify(name)) : name;
}
