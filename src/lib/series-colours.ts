/**
 * One colour per series name, the same on every chart and page: a service, an account, a tag
 * value or a region is drawn in the colour its name hashes to, so "AmazonEC2" is the same colour on
 * the Overview, in Explore's daily and total charts and after a drill-down. Accounts are keyed by
 * their 12-digit id, so `123456789012` and `payments-prod (123456789012)` match. "Other …" rows
 * are grey and "(untagged)" / "(none)" a lighter grey, wherever they appear.
 *
 * Two names of one chart that hash to the same colour would be indistinguishable: within a chart
 * the names claim their colours largest first (the chart gives them in that order), the ten largest
 * from the palette's first ten hues, and a name whose colour a larger one took moves to the next
 * free one. So a name's colour depends only on the names of its chart larger than it: the same on
 * every chart of a page whose larger names are the same, such as Explore's daily, monthly and
 * total charts of one view, which name the same largest values (8 of them, or 12 with the rest as
 * Other); and no two colours of the palette are alike, the first ten least of all.
 */

/**
 * 24 categorical colours, each with at least 3:1 contrast against white (legend swatches stay
 * visible) and any two at least 23 apart in CIELAB (ΔE, CIE76) and from the greys of Other and no
 * value. The first {@link FIRST_TEN} are what a chart's ten largest names are drawn in: ten hues of
 * their own (blue, indigo, magenta, red, orange, olive, green, teal, pink, brown; no two a light
 * and a dark of one hue), any two at least 35 apart, so that no two of a chart's main series look
 * alike (from the 24 at random, the FOCUS sample's COMPUTE and Azure Kubernetes Service were two
 * orange-browns 29 apart, EC2 and Azure DB for MySQL two purples). The other 14, for the 11th
 * name on, were picked farthest-first from the sRGB colours of chroma 30–70 and lightness 35 or more.
 */
export const SERIES_PALETTE = [
  '#df6a92', '#5853c8', '#b6319d', '#e22d46', '#e0730f', '#958400', '#348222', '#01857f', '#0f78b3', '#844224',
  '#784b78', '#5a5a1e', '#b478d2', '#c3874b', '#a52d00', '#3c96ff', '#a5004b', '#1e693c', '#00a569', '#d2695a',
  '#873c4b', '#78965a', '#4b4b96', '#8787c3',
] as const;

/** How many of the palette's colours a chart's largest names take, each its own hue. */
export const FIRST_TEN = 10;

/** "Other" and "Other (N more)": the rest, summed. */
export const OTHER_COLOUR = '#8d949b';

/** Lines without a value: "(untagged)", "(none)". */
export const NO_VALUE_COLOUR = '#c1c6cb';

const ACCOUNT_ID = /\((\d{12})\)\s*$/;

/** The key a series name is coloured by: an account label's 12-digit id, else the name itself. */
export function colourKey(name: string): string {
  return ACCOUNT_ID.exec(name)?.[1] ?? name;
}

/** The FNV-1a hash of a name's key. */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of colourKey(name)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The slot of the palette's first ten a name prefers (FNV-1a of its key); -1 for Other and for no value. */
export function preferredSlot(name: string): number {
  if (isOther(name) || isNoValue(name)) return -1;
  return hashOf(name) % FIRST_TEN;
}

/** The colour of one name on its own (a chart with several names uses seriesColours). */
export function seriesColour(name: string): string {
  if (isOther(name)) return OTHER_COLOUR;
  if (isNoValue(name)) return NO_VALUE_COLOUR;
  return SERIES_PALETTE[preferredSlot(name)];
}

/**
 * The colours of the names of one chart, given largest first (the order they claim colours in):
 * each its own colour, the ten largest from the palette's first ten (a name whose colour a larger
 * name of the chart took moved to the next free one of them), the rest from the other 14 alike.
 * Returned in the order given.
 */
export function seriesColours(names: readonly string[]): string[] {
  const placed = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of new Set(names)) {
    if (preferredSlot(name) < 0) continue;
    const [first, size] = placed.size < FIRST_TEN ? [0, FIRST_TEN] : [FIRST_TEN, SERIES_PALETTE.length - FIRST_TEN];
    let slot = first + (hashOf(name) % size);
    for (let step = 0; step < size && taken.has(slot); step += 1) slot = first + ((slot - first + 1) % size);
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
