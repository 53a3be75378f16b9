import { formatDecimal, formatUsd, groupThousands, isDecimalText, parseDecimal } from '../../lib/money.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Rounds a decimal as text (the store's exact cells) to `places`, half away from zero as
 * DuckDB's round() does: no binary floating point on the way (text that is not a plain decimal,
 * such as `1e-7`, is rounded as a number).
 */
export function roundDecimal(text: string, places = 2): string {
  if (!isDecimalText(text)) return Number(text).toFixed(places);
  const scale = Math.max(places, text.split('.')[1]?.length ?? 0);
  return formatDecimal(parseDecimal(text, scale), scale, places);
}

/** `3505.3269681268` → `$3,505.33`; `-408.47` → `−$408.47`; null → `–`. */
export function money(text: string | null | undefined): string {
  if (text === null || text === undefined) return '–';
  const rounded = roundDecimal(text, 2);
  return isDecimalText(rounded) ? formatUsd(parseDecimal(rounded, 2)) : rounded;
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
  return text === null || text === undefined ? '–' : groupThousands(text);
}
