/**
 * Charts of series in different units (a resource's CloudWatch metrics: NetworkIn in bytes,
 * CPUUtilization in percent, request counts), one panel per series, each with its unit as its
 * y-axis title. A spec asks for it with `"usermeta": {"costlens": {"unitPanels": {"unit": "unit"}}}`
 * beside a row facet: a facet draws one y-axis title for every panel (Vega-Lite takes no title
 * from the data), so the bound spec stacks the panels instead (vconcat), the facet's inner spec
 * filtered to each series in the order the rows first name them, titled by the series, its y axis
 * by the unit the rows give it.
 */

type Spec = Record<string, unknown>;

/** CloudWatch's unit names (`Percent`, `Bytes`, `Count/Second`) as an axis title says them: `%`, `bytes`, `count/second`; none for `None` or no unit. */
export function unitTitle(unit: string | null | undefined): string | null {
  if (!unit || unit === 'None') return null;
  if (unit === 'Percent') return '%';
  return unit.toLowerCase();
}

/**
 * The spec with its row facet turned into one panel per series, each y axis titled by its unit
 * ({@link unitTitle}; a series given several units names them all, `bytes or count`); a spec that
 * does not ask for it (usermeta.costlens.unitPanels) or has no row facet is returned as it is.
 */
export function withUnitPanels(spec: Spec, values: Record<string, unknown>[]): Spec {
  const ask = (spec.usermeta as { costlens?: { unitPanels?: { unit?: unknown } } } | undefined)?.costlens?.unitPanels;
  const facet = spec.facet as { row?: { field?: unknown } } | undefined;
  const inner = spec.spec as Spec | undefined;
  if (!ask || typeof ask.unit !== 'string' || typeof facet?.row?.field !== 'string' || !inner) return spec;
  const [unitField, seriesField] = [ask.unit, facet.row.field];
  const units = new Map<string, Set<string>>();
  for (const row of values) {
    const series = String(row[seriesField]);
    const title = unitTitle(row[unitField] === null || row[unitField] === undefined ? null : String(row[unitField]));
    const seen = units.get(series) ?? new Set<string>();
    if (title !== null) seen.add(title);
    units.set(series, seen);
  }
  const encoding = (inner.encoding ?? {}) as Record<string, Spec>;
  const { facet: _facet, spec: _inner, ...rest } = spec;
  return {
    ...rest,
    vconcat: [...units].map(([series, titles]) => ({
      ...inner,
      title: { text: series, anchor: 'start', frame: 'bounds', fontSize: 11 },
      transform: [{ filter: { field: seriesField, equal: series } }, ...((inner.transform as unknown[] | undefined) ?? [])],
      encoding: { ...encoding, y: { ...encoding.y, title: titles.size ? [...titles].join(' or ') : null } },
    })),
  };
}
