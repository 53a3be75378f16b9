/**
 * The tick labels a rendered chart shows on its money axes (those whose labels read `$…`), as
 * Vega's SVG draws them: a label hidden as overlapping (opacity 0) is not shown.
 */

/** Each money axis's shown labels, in the order drawn (x axes and y axes alike). */
export function moneyAxisLabels(svg: string): string[][] {
  return svg.split('<g class="mark-group role-axis"').slice(1).flatMap((axis) => {
    const group = /<g class="mark-text role-axis-label"[^>]*>([^]*?)<\/g>/.exec(axis)?.[1] ?? '';
    const shown = [...group.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/opacity="0"/.test(m[1])).map((m) => m[2]);
    return shown.some((label) => label.includes('$')) ? [shown] : [];
  });
}

/** The amounts of labels such as `$1,500`, `−$0.50`. */
export function labelAmounts(labels: readonly string[]): number[] {
  return labels.map((label) => Number(label.replace('−', '-').replace(/[$,]/g, '')));
}
