/**
 * Tag normalisation: which raw keys mean a key (aliases, case and separator folding), in which
 * order a line's value is picked when it carries several of them, and which canonical value a raw
 * value stands for (value aliases, case folding, the ASCII spaces at its ends: src/lib/trim-spaces.ts).
 */
import { CostlensError } from '../../errors.ts';
import { closestMatch } from '../../lib/suggest.ts';
import { configuredValueSpellings, DEFAULT_TAG_KEY_CONFIG, type AttributionConfig, type TagKeyConfig, VALUE_CONFLICT_HINT, valueConflictMessage, valueFold } from './config.ts';
import { codePointOrder } from '../../lib/order.ts';
import { trimSpaces } from '../../lib/trim-spaces.ts';

/** Folds a key for comparison: lower case, with `-`, `_`, `.` and spaces removed (`Cost-Center` → `costcenter`). */
export function foldKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/** A key as attribution reads it: its canonical name, its settings and the raw keys that mean it. */
export interface ResolvedKey {
  /** The key as the config names it (or as given when the config does not mention it). */
  name: string;
  settings: TagKeyConfig;
  /** Where the settings came from, for error messages: `attribution.tags.team`, or undefined. */
  configPath?: string;
  /**
   * Raw keys that mean this key, in the order a line's value is picked: the key's own spelling
   * (and the stored one, for a key spelled as AWS spells a user-defined tag: `user:Team` → `Team`),
   * then its aliases in config order, then other spellings found in the data that fold to the key
   * or an alias, in code-point order.
   */
  rawKeys: string[];
  /** The raw keys of the range's line items, when the key was resolved against them. */
  dataKeys?: readonly string[];
}

/** How AWS spells a user-defined tag key outside costlens: legacy CUR's column, its Athena column, FOCUS's and Cost Explorer's key. */
const AWS_USER_TAG_SPELLING = /^(?:resourceTags\/user:|resource_tags_user_|user:)(.+)$/;

/**
 * The key as costlens stores it when `key` is spelled the way AWS names a user-defined tag outside
 * costlens (`resourceTags/user:Team`, `resource_tags_user_team`, `user:Team`): every ingest stores
 * a user-defined key without that prefix (`Team`, `team`). Undefined for any other spelling.
 */
export function storedUserTagKey(key: string): string | undefined {
  return AWS_USER_TAG_SPELLING.exec(key)?.[1];
}

/**
 * Finds a key's settings: by exact name, else (with foldKeys) by folded name; a key spelled as AWS
 * spells a user-defined tag (`user:team`) that the config does not name finds the stored key's.
 */
export function keySettings(config: AttributionConfig, key: string): { name: string; settings: TagKeyConfig; configPath?: string } {
  const entries = Object.entries(config.tags);
  const lookup = (wanted: string) => entries.find(([name]) => name === wanted) ?? (config.foldKeys ? entries.find(([name]) => foldKey(name) === foldKey(wanted)) : undefined);
  const stored = storedUserTagKey(key);
  const found = lookup(key) ?? (stored === undefined ? undefined : lookup(stored));
  return found ? { name: found[0], settings: found[1], configPath: `attribution.tags.${found[0]}` } : { name: key, settings: DEFAULT_TAG_KEY_CONFIG };
}

/**
 * Resolves a key against the raw keys present in the data (`dataKeys`; undefined when the data was
 * not listed, in which case only the key and its aliases are read, as spelled).
 */
export function resolveKey(config: AttributionConfig, key: string, dataKeys: readonly string[] | undefined): ResolvedKey {
  const { name, settings, configPath } = keySettings(config, key);
  const stored = storedUserTagKey(name);
  const explicit = [name, ...(stored === undefined ? [] : [stored]), ...settings.aliases];
  const ordered: string[] = [];
  for (const raw of explicit) {
    if (!ordered.includes(raw) && (dataKeys === undefined || dataKeys.includes(raw))) ordered.push(raw);
  }
  if (config.foldKeys && dataKeys) {
    const folded = new Set(explicit.map(foldKey));
    const others = dataKeys.filter((raw) => !ordered.includes(raw) && folded.has(foldKey(raw)));
    ordered.push(...[...others].sort(codePointOrder));
  }
  return { name, settings, configPath, rawKeys: ordered, ...(dataKeys === undefined ? {} : { dataKeys }) };
}

/** True when no line item of a range whose raw keys are `keysInRange` carries `key` under any spelling it reads. */
export function isKeyAbsent(key: ResolvedKey, keysInRange: readonly string[]): boolean {
  return !key.rawKeys.some((raw) => keysInRange.includes(raw));
}

/**
 * The key of `keysInRange` that `key` (carried by no line) most likely meant, by edit distance,
 * a lower-case spelling first among equally close ones; undefined when none is close.
 */
export function likelyTagKey(key: string, keysInRange: readonly string[]): string | undefined {
  const lowerFirst = [...keysInRange].sort((a, b) => Number(a !== a.toLowerCase()) - Number(b !== b.toLowerCase()));
  return closestMatch(key, lowerFirst);
}

/** How often a raw value was seen (in line items), for choosing the label of an unconfigured value. */
export interface ValueObservation {
  raw: string;
  lines: number;
}

/** Maps raw values of one key to canonical values. */
export interface ValueResolver {
  /** The canonical value for a raw value, or null when the value is blank. */
  resolve(raw: string): string | null;
}

/**
 * Builds the value resolver of a key. A raw value loses the ASCII spaces at its ends (tabs and
 * no-break spaces stay: src/lib/trim-spaces.ts) and (with foldValueCase) is lower-cased,
 * then looked up among the configured canonical values and their aliases. A value that is not
 * configured keeps its own spelling; when case folding merges several spellings, the label is the
 * spelling on the most line items in the range (ties: code-point order). Configure `values` to pin it.
 */
export function buildValueResolver(key: ResolvedKey, observations: readonly ValueObservation[]): ValueResolver {
  const { settings } = key;
  const fold = valueFold(settings);
  const { spellings: configured, conflict } = configuredValueSpellings(settings);
  if (conflict) throw new CostlensError('config', `${key.configPath ?? 'attribution.tags'}.values: ${valueConflictMessage(conflict)}`, { hint: VALUE_CONFLICT_HINT });
  const labels = new Map<string, { label: string; lines: number }>();
  if (settings.foldValueCase) {
    const linesBySpelling = new Map<string, number>();
    for (const o of observations) {
      const spelling = trimSpaces(o.raw);
      if (spelling) linesBySpelling.set(spelling, (linesBySpelling.get(spelling) ?? 0) + o.lines);
    }
    for (const [spelling, lines] of linesBySpelling) {
      const folded = fold(spelling);
      const best = labels.get(folded);
      if (!best || lines > best.lines || (lines === best.lines && codePointOrder(spelling, best.label) < 0)) labels.set(folded, { label: spelling, lines });
    }
  }
  return {
    resolve(raw: string): string | null {
      const folded = fold(raw);
      if (folded === '') return null;
      return configured.get(folded) ?? labels.get(folded)?.label ?? trimSpaces(raw);
    },
  };
}

/**
 * Whether {@link buildValueResolver} reads `raw` as the same value whatever the line items hold:
 * only a value that case folding merges with other spellings and that is not configured (a
 * canonical value or an alias) takes its label from the data.
 */
export function resolvesWithoutData(key: ResolvedKey, raw: string): boolean {
  if (!key.settings.foldValueCase) return true;
  const fold = valueFold(key.settings);
  const folded = fold(raw);
  return folded === '' || Object.entries(key.settings.values).some(([canonical, aliases]) => [canonical, ...aliases].some((spelling) => fold(spelling) === folded));
}
