/**
 * What `costlens attribute` says of a tag key that no line item of its range carries: that, with a
 * hint of the key in the range it most likely meant (else the range's keys), and of the billing
 * periods of the store that do carry it (a key used in other months is not a key never used).
 */
import { type AttributionConfig, type AttributionRange, isKeyAbsent, likelyTagKey, periodsCarryingKey, readTagKeys, type ResolvedKey } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import { quotedWhenUnclear, terminalSafe } from '../lib/control-chars.ts';
import { andList } from '../lib/text.ts';

/** The flag (`tag`, `by`) of each key that no line item of the range carries, with what to say of it: {@link absentKeys}. */
export type AbsentKeys = ReadonlyMap<string, string>;

/** Periods named one by one in the hint; more are named by their first and last. */
const LISTED_PERIODS = 6;

/** Tag keys of the range named in the hint, the most used first (readTagKeys' order); more are counted. */
const LISTED_KEYS = 12;

/**
 * `"department" is carried in 2018-10 and 2018-11: --period 2018-11`: the billing periods of the
 * store whose line items carry the key (`periods`, in order), and the flag that reads the latest
 * of them; '' when none does.
 */
function carriedPeriodsText(keyName: string, periods: readonly string[]): string {
  if (periods.length === 0) return '';
  const where = periods.length <= LISTED_PERIODS ? andList(periods) : `${periods.length} billing periods from ${periods[0]} to ${periods.at(-1)}`;
  return `"${keyName}" is carried in ${where}: --period ${periods.at(-1)}`;
}

/**
 * For each key that no line item of a range with lines carries under any spelling (none of its
 * spend is then attributed by the tag itself, a CSV export included), what to say of it, once:
 * that, and a hint of the billing periods of the store that carry it, then of the key in the range
 * it most likely meant, else the keys there, the most used first (a key with blanks at an end
 * quoted: `" org"`). The range's keys are those attribution read (with
 * foldKeys), else read now. Empty for a range without lines.
 */
export async function absentKeys(engine: Engine, config: AttributionConfig, range: AttributionRange, label: string, hasLines: boolean, keys: readonly (readonly [string, ResolvedKey])[]): Promise<AbsentKeys> {
  if (!hasLines) return new Map();
  const inRange = keys[0][1].dataKeys ?? await readTagKeys(engine, range);
  const absent = keys.filter(([, k]) => isKeyAbsent(k, inRange));
  const storeKeys = absent.length > 0 ? await readTagKeys(engine, {}) : [];
  return new Map(await Promise.all(absent.map(async ([flag, key]): Promise<[string, string]> => {
    const guess = likelyTagKey(key.name, inRange);
    const carried = carriedPeriodsText(key.name, await periodsCarryingKey(engine, config, key.name, storeKeys));
    const keysInRange = `tag keys in ${label}, the most used first: ${inRange.slice(0, LISTED_KEYS).map(quotedWhenUnclear).join(', ')}${inRange.length > LISTED_KEYS ? `, … (${inRange.length})` : ''}`;
    const hint = guess !== undefined ? `${carried ? `${carried}; or, in ${label}, ` : ''}did you mean --${flag} ${quotedWhenUnclear(guess)}?`
      : inRange.length > 0 ? `${carried ? `${carried}; ` : ''}${keysInRange}`
      : carried ? `${carried} (no line item in ${label} carries a tag)` : `no line item in ${label} carries a tag`;
    return [flag, `no line item in ${label} carries the tag key "${key.name}" under any spelling\n  hint: ${hint}`];
  })));
}

/** With csv or json, whose stdout holds the data alone: the absent keys ({@link absentKeys}) on stderr. A table says them under it instead. */
export function warnOfAbsentKeys(absent: AbsentKeys, stderr: NodeJS.WritableStream): void {
  for (const text of absent.values()) stderr.write(terminalSafe(`attribute: ${text}\n`));
}
