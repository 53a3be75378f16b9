/**
 * Vega-Lite to SVG, shared by the dashboards (served SVG) and the weekly report (SVG → PNG).
 */
import { xmlSafe } from './control-chars.ts';

/**
 * Renders a bound Vega-Lite spec to SVG on the server: vega-lite compile → vega View (renderer
 * 'none') → toSVG. Data may hold characters XML forbids (a tag value with ESC or BEL): they are
 * shown as escapes such as `\x1b`, so the SVG stays well-formed.
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: compiled } = vegaLite.compile(spec as never, { logger: quietLogger(vega) });
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return xmlSafe(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Vega-Lite's compile warnings (e.g. a dropped encoding) are for spec authors, not server logs. */
function quietLogger(vega: typeof import('vega')) {
  return vega.logger(vega.Error);
}
