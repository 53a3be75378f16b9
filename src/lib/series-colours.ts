/**
 * One colour per series name, the same on every chart and page: a service, an account, a tag
 * value or a region is drawn in the colour its name hashes to, so "AmazonEC2" is the same blue on
 * the Overview, in Explore's daily and total charts and after a drill-down. Accounts are keyed by
 * their 12-digit id, so `123456789012` and `payments-prod (123456789012)` match. "Other …" rows
 * are grey and "(untagged)" / "(none)" a lighter grey, wherever they appear.
 *
 * Two names of one chart that hash to the same colour would be indistinguishable: within a chart
 * the names claim their colours largest first (the chart gives them in that order), and a name
 * whose colour a larger one took moves to the next free one. So a name's colour depends only on
 * the names of its chart larger than it: the same on every chart whose larger names are the same,
 * such as Explore's daily, monthly and total charts of one view, which name the same largest
 * values (8 of them, or 12 with the rest as Other); and no two colours of the palette are alike.
 */

/**
 * 24 categorical colours, each with at least 3:1 contrast against white (legend swatches stay
 * visible), any two at least 23 apart in CIELAB (ΔE, CIE76) and from the greys of Other and no
 * value, so that no two names of a chart look alike: picked farthest-first from the sRGB colours of
 * chroma 30–70 and lightness 35 or more, after the first four.
 */
export const SERIES_PALETTE = [
  '#4e79a7', '#e8710a', '#d62728', '#1b9e77', '#b41e87', '#969600', '#7869e1', '#874b2d',
  '#007800', '#d27896', '#5a692d', '#b40f4b', '#784b87', '#0096ff', '#c3873c', '#0096a5',
  '#c378d2', '#f06969', '#a53c00', '#1e5ab4', '#f05a96', '#0f692d', '#69963c', '#873ca5',
] as const;

/** "Other" and "Other (N more)": the rest, summed. */
export const OTHER_COLOUR = '#8d949b';

/** Lines without a value: "(untagged)", "(none)". */
export const NO_VALUE_COLOUR = '#c1c6cb';

const ACCOUNT_ID = /\((\d{12})\)\s*$/;

/** The key a series name is coloured by: an account label's 12-digit id, else the name itself. */
export function colourKey(name: string): string {
  return ACCOUNT_ID.exec(name)?.[1] ?? name;
}

/** The palette slot a name prefers (FNV-1a of its key); -1 for Other and for no value. */
export function preferredSlot(name: string): number {
  if (isOther(name) || isNoValue(name)) return -1;
  let hash = 0x811c9dc5;
  for (const char of colourKey(name)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SERIES_PALETTE.length;
}

/** The colour of one name on its own (a chart with several names uses seriesColours). */
export function seriesColour(name: string): string {
  if (isOther(name)) return OTHER_COLOUR;
  if (isNoValue(name)) return NO_VALUE_COLOUR;
  return SERIES_PALETTE[preferredSlot(name)];
}

/**
 * The colours of the names of one chart, given largest first (the order they claim colours in):
 * each its own colour, a name whose colour a larger name of the chart took moved to the next free
 * one. Returned in the order given.
 */
export function seriesColours(names: readonly string[]): string[] {
  const placed = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of new Set(names)) {
    let slot = preferredSlot(name);
    if (slot < 0) continue;
    for (let step = 0; step < SERIES_PALETTE.length && taken.has(slot); step += 1) slot = (slot + 1) % SERIES_PALETTE.length;
    taken.add(slot);
    placed.set(name, SERIES_PALETTE[slot]);
  }
  return names.map((name) => placed.get(name) ?? seriesColour(name));
}

function isOther(name: string): boolean {
  return name === 'Other' || /^Other \(\d+ more\)$/.test(name);
}

function isNoValue(name: string): boolean {
  return name === '(untagged)' || name === '(none)';
}
