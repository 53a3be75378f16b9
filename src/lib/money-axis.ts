/**
 * The one rule for every money axis of a chart (the dashboards' specs and the weekly e-mail's): an
 * axis whose Vega-Lite `format` starts with `$` shows dollars, and its tick labels take as many
 * decimals as the step between ticks needs, so that no two ticks read alike: whole dollars with
 * thousands separators when the range is large (`$0 $5,000 $10,000`), cents when it is small
 * (`$0.00 $0.50 $1.00`, never `$0 $0 $1 $1`), a tenth of a cent when it is tiny. d3's format
 * without a precision (`$,f`) picks the decimals from the step; a label of one decimal gets its
 * second (`$0.5` reads `$0.50`), and the zero tick of a sub-cent axis reads `$0.00`, not `$0.00000`;
 * every other tick of an axis keeps the axis's decimals (`$0.002 … $0.010, $0.012`, never `$0.01` among them).
 * Labels that would overlap are dropped every other one (`parity`), never unevenly, and a horizontal money axis asks for a tick per 80 px of the chart's width, so a
 * phone draws fewer ticks instead of dropping labels. An axis keeps the tick count, overlap rule
 * and label expression its spec states.
 */

/** The d3 format of every money axis: `$`, thousands separators, decimals from the tick step. */
export const MONEY_AXIS_FORMAT = '$,f';

/**
 * A label of one decimal (`$0.5`, `−$1.5`) gets its second: money reads in cents. The zero tick of
 * an axis below a cent reads `$0.00`, not `$0.00000`; the other ticks keep the decimals d3 gave the
 * whole axis, so they line up and never mix precisions (`$0.008 $0.010 $0.012`).
 */
export const MONEY_AXIS_LABEL = "replace(test(regexp('\\\\.\\\\d$'), datum.label) ? datum.label + '0' : datum.label, regexp('^(\\\\D*0\\\\.00)0+$'), '$1')";

/** Ticks of a horizontal money axis: one per 80 px of the chart's width (the `width` signal). */
export const MONEY_X_TICK_COUNT = { expr: 'ceil(width / 80)' } as const;

type Spec = Record<string, unknown>;
type Axis = Record<string, unknown>;

/** Whether an axis shows money: its `format` is a d3 currency format (`$,.0f`, `$,f`, …). */
export function isMoneyAxis(axis: unknown): axis is Axis {
  return typeof axis === 'object' && axis !== null && typeof (axis as Axis).format === 'string' && ((axis as Axis).format as string).startsWith('$');
}

/** One money axis with the rule applied (see the module's note); `horizontal` for an x axis. */
export function moneyAxis(axis: Axis, horizontal: boolean): Axis {
  return {
    ...axis,
    format: MONEY_AXIS_FORMAT,
    labelExpr: axis.labelExpr ?? MONEY_AXIS_LABEL,
    labelOverlap: axis.labelOverlap ?? 'parity',
    ...(horizontal && axis.tickCount === undefined ? { tickCount: MONEY_X_TICK_COUNT } : {}),
  };
}

/**
 * The spec with every money axis (x or y of its encoding, its layers', a facet's inner spec's and
 * a concatenation's parts') drawn by the rule. Inside a facet or a concatenation the chart's width is another signal, so
 * there the tick count is left to Vega-Lite.
 */
export function withMoneyAxes(spec: Spec, nested = false): Spec {
  const out: Spec = { ...spec };
  const encoding = spec.encoding as Record<string, { axis?: unknown } | undefined> | undefined;
  if (encoding) {
    const channels: Record<string, unknown> = { ...encoding };
    for (const channel of ['x', 'y'] as const) {
      const def = encoding[channel];
      if (def && isMoneyAxis(def.axis)) channels[channel] = { ...def, axis: moneyAxis(def.axis, channel === 'x' && !nested) };
    }
    out.encoding = channels;
  }
  if (spec.spec && typeof spec.spec === 'object') out.spec = withMoneyAxes(spec.spec as Spec, true);
  if (Array.isArray(spec.layer)) out.layer = (spec.layer as Spec[]).map((layer) => withMoneyAxes(layer, nested));
  for (const key of ['concat', 'hconcat', 'vconcat'] as const) {
    if (Array.isArray(spec[key])) out[key] = (spec[key] as Spec[]).map((part) => withMoneyAxes(part, true));
  }
  return out;
}
