/**
 * A chart's rows as Vega draws them: the spec /api/charts/NAME answers, compiled by Vega-Lite and run by
 * Vega without a renderer, so that a test reads the fields its transforms compute (a monthly chart's
 * `span`, its bar's opacity, and `days_shown`, its tooltip's days) as a browser would show them.
 */

type Row = Record<string, unknown>;

/** The rows of the spec's first data set after its transforms (`data_0`), one per drawn row. */
export async function drawnRows(spec: Row): Promise<Row[]> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    return view.data('data_0') as Row[];
  } finally {
    view.finalize();
  }
}
