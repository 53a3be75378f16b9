/**
 * Money, exactly: amounts are bigint **units** of 1e-10 of a currency unit, the scale of the
 * store's DECIMAL(38,10) columns, read straight from DuckDB's decimal values (or their text).
 * Sums stay exact; a figure is rounded once, when it is shown, by the one rounding rule below
 * (half away from zero, as DuckDB's `round(x, 2)` does). Three outputs:
 * - exact: `fromUnits(units)` → `"276.4800000000"` (10 decimals, what JSON and CSV carry);
 * - cents: `centsOfUnits(units)` → `27648n`, `formatCents(27648n)` → `"276.48"`;
 * - display: `formatUsd(27648n)` → `"$276.48"`, `"−$1,234.50"` (a true minus sign).
 */

/** Decimal places of a store unit. */
export const MONEY_SCALE = 10;

/** Units in one currency unit (one dollar). */
export const UNITS_PER_DOLLAR = 10n ** 10n;

/** Units in one cent. */
export const UNITS_PER_CENT = 10n ** 8n;

/** A DuckDB DECIMAL as `@duckdb/node-api` returns it: the unscaled integer and its scale. */
export interface DecimalValue {
  value: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([-+])?(\d*)(?:\.(\d*))?$/;

/**
 * `numerator ÷ denominator` rounded to an integer, half away from zero (`2.5 → 3`, `−2.5 → −3`).
 * Every rounding of money, shares and averages in costlens goes through here.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = (numerator < 0n) !== (denominator < 0n);
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** True for plain decimal text: `12`, `-3.6`, `276.4800000000` (no exponent). */
export function isDecimalText(text: string): boolean {
  const match = DECIMAL_TEXT.exec(text.trim());
  return match !== null && (match[2] !== '' || (match[3] ?? '') !== '');
}

/**
 * Decimal text as an integer at `scale` (`"-12.5"` at scale 3 → `-12500n`). Digits beyond `scale`
 * are dropped (a DECIMAL(38,10) cell never has them). Anything but plain decimal text is a RangeError.
 */
export function parseDecimal(text: string, scale: number): bigint {
  const trimmed = text.trim();
  const match = DECIMAL_TEXT.exec(trimmed);
  if (!match || !isDecimalText(trimmed)) throw new RangeError(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const scaled = BigInt(`${whole || '0'}${fraction.padEnd(scale, '0').slice(0, scale)}`);
  return sign === '-' ? -scaled : scaled;
}

/**
 * A number as the decimal its shortest round-trip text reads as (`1.4826`, `1e-7`, `1e+21`, as
 * `String` prints it): an integer and its scale, exact (`1e-7` → 1 at scale 7), with no binary noise
 * of `toFixed`. For config values and metric DOUBLEs that money is multiplied or compared by.
 */
export function decimalOfNumber(value: number): { scaled: bigint; scale: number } {
  const [mantissa, exponent = '0'] = String(value).split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const shift = fraction.length - Number(exponent);
  const digits = BigInt(`${whole}${fraction}`);
  return shift >= 0 ? { scaled: digits, scale: shift } : { scaled: digits * 10n ** BigInt(-shift), scale: 0 };
}

/**
 * An integer at `scale` as decimal text with `places` decimals (default: all of them), rounded
 * half away from zero when `places < scale`; never `-0.00`.
 */
export function formatDecimal(scaled: bigint, scale: number, places = scale): string {
  const rounded = places < scale ? divideRounded(scaled, 10n ** BigInt(scale - places)) : scaled * 10n ** BigInt(places - scale);
  const negative = rounded < 0n;
  const digits = (negative ? -rounded : rounded).toString().padStart(places + 1, '0');
  const body = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative ? `-${body}` : body;
}

/** Decimal text (`"276.48"`, `"-3.6"`) as units; a RangeError for anything else. */
export function toUnits(text: string): bigint {
  return parseDecimal(text, MONEY_SCALE);
}

/** Decimal text as units, null (no figure, unlike {@link unitsOf}'s zero) staying null. */
export function unitsOrNull(text: string | null | undefined): bigint | null {
  return text === null || text === undefined ? null : toUnits(text);
}

/**
 * Units of a money cell as DuckDB gives it: a DECIMAL value (rescaled to 1e-10, rounded once if
 * its scale is finer), its text, or NULL (zero).
 */
export function unitsOf(value: DecimalValue | string | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'string') return toUnits(value);
  if (value.scale <= MONEY_SCALE) return value.value * 10n ** BigInt(MONEY_SCALE - value.scale);
  return divideRounded(value.value, 10n ** BigInt(value.scale - MONEY_SCALE));
}

/** Units as decimal text: exact with 10 decimals, or rounded to `places`. */
export function fromUnits(units: bigint, places = MONEY_SCALE): string {
  return formatDecimal(units, MONEY_SCALE, places);
}

/**
 * Units as a JS number: the double nearest the exact amount (the same double as `Number` of its
 * decimal text), for float work such as fits and z-scores; never for sums or figures shown exactly.
 * NULL is 0.
 */
export function numberOfUnits(units: bigint | null | undefined): number {
  return units === null || units === undefined ? 0 : Number(fromUnits(units));
}

/**
 * A price or amount held as a JS number (at most 10 meaningful decimals) in units. From 1e21 on,
 * `toFixed` writes exponent form; a float that large is a whole number, exact as a BigInt.
 */
export function unitsOfNumber(value: number): bigint {
  if (Math.abs(value) >= 1e21) return BigInt(value) * UNITS_PER_DOLLAR;
  return toUnits(value.toFixed(MONEY_SCALE));
}

/**
 * A money figure a fitted (floating-point) model estimated, as units: the one rounding is to the
 * nearest micro-dollar (`Number#toFixed(6)` of the float, the precision a fit over sums of cents
 * is good to). From here on every sum it enters is exact, and, being on the 6-decimal grid, it adds
 * to any exact figure without moving that figure's own rounding: printed, total = parts.
 */
export function unitsOfEstimate(value: number): bigint {
  return toUnits(value.toFixed(6));
}

/** Units rounded to whole cents. */
export function centsOfUnits(units: bigint): bigint {
  return divideRounded(units, UNITS_PER_CENT);
}

/** Cents as decimal text with two places: `1234.50`, `-0.05`. */
export function formatCents(cents: bigint): string {
  return formatDecimal(cents, 2);
}

/** `1234567` → `1,234,567`: thousands separators in a run of digits. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Decimal text with thousands separators in its whole part, its sign and decimals as they are:
 * `-1234567.891` → `-1,234,567.891`, `720` → `720`.
 */
export function groupedDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [whole, ...fraction] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}${[groupThousands(whole), ...fraction].join('.')}`;
}

/**
 * Decimal text as dollars for people, with the decimals it has (round it first): its sign (`-`, or
 * `minus`, such as the true minus `−`), `$`, thousands separators: `-1234.567` → `-$1,234.567`,
 * `2435.23` → `$2,435.23`, (`-1.20`, `'−'`) → `−$1.20`. The one way dollars are written, whatever
 * their decimals: cents (`formatDollars`, `formatUsd`), an hourly commitment's three, a forecast
 * note's six or more.
 */
export function dollarsOfDecimal(text: string, minus = '-'): string {
  const negative = text.startsWith('-');
  return `${negative ? minus : ''}$${groupedDecimal(negative ? text.slice(1) : text)}`;
}

/**
 * Decimal text without the zeros that end its fraction, down to `keep` decimals (padded with zeros
 * up to `keep`); a point left with no decimal goes too: `6.000000` → `6`, `2.500` → `2.5`,
 * (`2435.230000`, 2) → `2435.23`, (`0.0273792804`, 6) → `0.0273792804`. Text without a point
 * (`100`, `NaN`) comes back as it is.
 */
export function withoutTrailingZeros(text: string, keep = 0): string {
  const point = text.indexOf('.');
  if (point === -1) return text;
  const fraction = text.slice(point + 1).replace(/0+$/, '').padEnd(keep, '0');
  return fraction === '' ? text.slice(0, point) : `${text.slice(0, point)}.${fraction}`;
}

/** Cents for people: `$12,345.67`, `−$1.20` (a true minus sign), in US dollars. */
export function formatUsd(cents: bigint): string {
  return dollarsOfDecimal(formatCents(cents), '−');
}

/**
 * Money a note names, as the table beside it writes money: in cents (`$147.38`, `−$1.20`), or exact
 * when it rounds to no cent at all (`$0.0042`), so a note never reads $0.00 of money it names.
 */
export function usdOrExact(units: bigint): string {
  const cents = centsOfUnits(units);
  return cents === 0n ? dollarsOfDecimal(withoutTrailingZeros(fromUnits(units), 2), '−') : formatUsd(cents);
}

/** A share in tenths of a percent for people: `87.5%`, `−11.5%` (a true minus sign); null → `–`. */
export function formatPercentTenths(tenths: bigint | null): string {
  if (tenths === null) return '–';
  const negative = tenths < 0n;
  const abs = negative ? -tenths : tenths;
  return `${negative ? '−' : ''}${abs / 10n}.${abs % 10n}%`;
}

/**
 * An exact decimal amount as DuckDB prints it (`-1234.5678`) as dollars for a terminal table:
 * `-$1,234.57`, rounded once to the cent (half away from zero). Text that is not a plain decimal
 * (empty, `n/a`, exponent form) comes back unchanged.
 */
export function formatDollars(value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
  return dollarsOfDecimal(formatCents(centsOfUnits(toUnits(value))));
}

/**
 * Rounds a decimal as text (the store's exact cells) to `places`, half away from zero as
 * DuckDB's round() does: no binary floating point on the way (text that is not a plain decimal,
 * such as `-2.5e-3`, is read as a number to 10 decimals first, then rounded the same way).
 */
export function roundDecimal(text: string, places = 2): string {
  if (!isDecimalText(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? fromUnits(unitsOfNumber(value), places) : value.toFixed(places);
  }
  const scale = Math.max(places, text.split('.')[1]?.length ?? 0);
  return formatDecimal(parseDecimal(text, scale), scale, places);
}

/** Microseconds in an hour: the grid on which hours are held for exact money per hour. */
export const MICROSECONDS_PER_HOUR = 3_600_000_000n;

/**
 * Hours as DuckDB gives them (a DOUBLE: a bill's UsageAmount, six decimals at most, or whole
 * seconds ÷ 3600) as whole microseconds, so that an amount per hour is one exact division:
 * `530.320278` h → `1_909_153_000_800n` µs. A micro-hour is 3,600 µs and a second 1,000,000 µs,
 * so both come back exactly: the double's own value is read to 20 decimals (`toFixed`, exact to
 * well below a microsecond) and rounded once, half away from zero, to the microsecond.
 * Anything but a finite number is a RangeError.
 */
export function microsecondsOfHours(hours: number): bigint {
  if (!Number.isFinite(hours)) throw new RangeError(`not a number of hours: ${hours}`);
  if (Math.abs(hours) >= 1e21) return BigInt(hours) * MICROSECONDS_PER_HOUR;
  return divideRounded(parseDecimal(hours.toFixed(20), 20) * MICROSECONDS_PER_HOUR, 10n ** 20n);
}

/**
 * `part ÷ whole × 100` of two exact amounts (units, or any integers) to two decimals, rounded once
 * (half away from zero); null when `whole` is zero.
 */
export function percentOf(part: bigint, whole: bigint): number | null {
  return whole === 0n ? null : Number(divideRounded(part * 10_000n, whole)) / 100;
}
