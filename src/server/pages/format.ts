const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Rounds a decimal as text (the store's exact cells) to `places`, half away from zero as
 * DuckDB's round() does: no binary floating point on the way.
 */
export function roundDecimal(text: string, places = 2): string {
  if (!DECIMAL_TEXT.test(text)) return Number(text).toFixed(places);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  const withGuard = BigInt(whole + fraction.padEnd(places + 1, '0').slice(0, places + 1));
  const rounded = withGuard / 10n + (withGuard % 10n >= 5n ? 1n : 0n);
  const digits = rounded.toString().padStart(places + 1, '0');
  const body = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative && rounded !== 0n ? `-${body}` : body;
}

/** `3505.3269681268` → `$3,505.33`; `-408.47` → `−$408.47`; null → `–`. */
export function money(text: string | null | undefined): string {
  if (text === null || text === undefined) return '–';
  const rounded = roundDecimal(text, 2);
  const negative = rounded.startsWith('-');
  const [whole, fraction] = rounded.replace(/^-/, '').split('.');
  return `${negative ? '−' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** A signed money change: `+$19.93`, `−$286.71`. */
export function signedMoney(text: string | null | undefined): string {
  const shown = money(text);
  return shown.startsWith('−') || shown === '–' || roundDecimal(text ?? '0') === '0.00' ? shown : `+${shown}`;
}

/** A percentage as the store gives it (already rounded): `-10.44` → `−10.44%`, null → `–`. */
export function percent(text: string | null | undefined, signed = false): string {
  if (text === null || text === undefined) return '–';
  const value = Number(text);
  const body = `${Math.abs(value).toFixed(2)}%`;
  if (value < 0) return `−${body}`;
  return signed && value > 0 ? `+${body}` : body;
}

/** `2018-11-30` → `30 Nov 2018`. */
export function day(text: string | null | undefined): string {
  if (!text) return '–';
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A whole number with thousands separators. */
export function count(text: string | null | undefined): string {
  return text === null || text === undefined ? '–' : text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
