/**
 * Text with money in it (an expected charge's basis), written two ways. The forecast's JSON keeps its
 * one style, plain decimals: a figure to 6 decimals (`2435.230000`, the forecast's grid), an amount
 * a basis multiplies out to every decimal it has, 6 at least (`147.384000`, `0.0273792804`), an
 * hourly rate to 10 decimals, the store's precision (`0.25`, `0.0117999995`). The notes under the
 * table write money as the table does where a figure is whole cents (`$2,435.23`, `-$12.35`), and
 * with its decimals exactly where it has more (`$42.97874`, `$1,482.224605`, `$0.0273792804`), an
 * hourly rate rounded for reading to the fewest decimals (6 to 10) that still multiply out to the
 * figure beside it (`$0.25/h`, `$0.0118/h`, `$0.33333333/h`: term-notes.ts `rateFigure`), so what a
 * note adds up or multiplies reconciles with the figures to the digit.
 */
import { dollarsOfDecimal, formatDecimal, MONEY_SCALE, withoutTrailingZeros } from '../../lib/money.ts';

/** An amount (units of 1e-10) shown to `places` decimals: 6 (the forecast's grid) or 10 (every decimal it has, 6 at least). */
export interface MoneyFigure {
  readonly units: bigint;
  readonly places: 6 | 10;
  /** A part of the figure a basis names beside it (a term's fee, the fees of no term): the parts shown add up to it (parts-add-up.ts). */
  readonly part?: true;
}

/** An hourly rate in dollars: to 10 decimals for the JSON (`0.0117999995`), and as the notes show it (`0.0118`): term-notes.ts `rateFigure`. */
export interface RateFigure {
  readonly exact: string;
  readonly shown: string;
}

/** Text with money figures in it: plain text and figures, in order. */
export type MoneyText = readonly (string | MoneyFigure | RateFigure)[];

/** `units` as a figure of {@link MoneyText}: to the forecast's 6 decimals, or (`places` 10) every decimal it has. */
export const money = (units: bigint, places: 6 | 10 = 6): MoneyFigure => ({ units, places });

/** `units` as a figure of {@link MoneyText} to the forecast's 6 decimals that is one part of the figure its basis names beside them (parts-add-up.ts). */
export const moneyPart = (units: bigint): MoneyFigure => ({ units, places: 6, part: true });

/** An hourly rate as a figure of {@link MoneyText}: `exact` for the JSON, `shown` (default: the same) for the notes. */
export const perHour = (exact: string, shown = exact): RateFigure => ({ exact, shown });

type Piece = string | number | MoneyFigure | RateFigure | MoneyText;

/** A template of text and figures as {@link MoneyText}: `` moneyText`posts once a month: ${money(fee)} in ${period}` ``. */
export function moneyText(strings: TemplateStringsArray, ...values: Piece[]): MoneyText {
  const out: (string | MoneyFigure | RateFigure)[] = [];
  const push = (piece: Piece) => {
    if (Array.isArray(piece)) (piece as MoneyText).forEach(push);
    else if (typeof piece === 'object') out.push(piece as MoneyFigure | RateFigure);
    else if (typeof out.at(-1) === 'string') out[out.length - 1] += String(piece);
    else if (piece !== '') out.push(String(piece));
  };
  strings.forEach((s, i) => {
    push(s);
    if (i < values.length) push(values[i]);
  });
  return out;
}

/** `texts` one after the other, `separator` between them. */
export function joinMoneyText(texts: readonly MoneyText[], separator: string): MoneyText {
  return texts.flatMap((t, i) => (i === 0 ? [...t] : [separator, ...t]));
}

/** `units` to `places` decimals, then without the zeros that end its decimals, down to `keep` of them. */
const trimmed = (units: bigint, places: number, keep: number) => withoutTrailingZeros(formatDecimal(units, MONEY_SCALE, places), keep);

/** As the forecast's JSON writes money: 6 decimals, or every decimal of an amount a note multiplies out, 6 at least. */
export function plainText(text: MoneyText): string {
  return text.map((p) => (typeof p === 'string' ? p : 'exact' in p ? p.exact : p.places === 6 ? formatDecimal(p.units, MONEY_SCALE, 6) : trimmed(p.units, 10, 6))).join('');
}

/**
 * A figure as the notes write it: dollars as the table writes them (`$2,435.23`, `-$12.35`) when
 * the figure, to its decimals, is whole cents; else with every decimal it has (`$42.97874`).
 */
export function noteDollars(figure: MoneyFigure): string {
  return dollarsOfDecimal(trimmed(figure.units, figure.places, 2));
}

/** As the notes write money: {@link noteDollars}, hourly rates as shown (`$0.25/h`, `$0.0118/h`). */
export function dollarText(text: MoneyText): string {
  return text.map((p) => (typeof p === 'string' ? p : 'exact' in p ? `$${p.shown}` : noteDollars(p))).join('');
}
