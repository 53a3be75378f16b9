import { html } from 'hono/html';
import type { Html, Page } from './page.ts';

/** A navigation entry: a page, or a slot that a later page module fills. */
export interface NavEntry {
  path: string;
  title: string;
  /** The page; absent for a slot not filled yet (shown greyed, not linked). */
  page?: Page;
  /** What the slot is for, shown as its tooltip while it is empty. */
  slot?: string;
  /** A page reached from another (a detail view): served, but not shown in the navigation. */
  hidden?: boolean;
}

export interface LayoutOptions {
  title: string;
  activePath: string;
  nav: NavEntry[];
  body: Html;
  /** Load the chart libraries and app.js (pages with charts or filters). Default true. */
  scripts?: boolean;
  /** Show the log-out button (the server has a token). */
  logout?: boolean;
}

/**
 * The HTML shell of every page: navigation with its slots, the page's content, and external
 * scripts only (the CSP allows no inline script): vega, vega-lite, vega-embed from /vendor and
 * /assets/filters.js (the filter forms) and /assets/app.js, a module (deferred as the others, run
 * after them) that draws each `[data-chart]` element and imports /assets/chart-summary.js and
 * /assets/tables.js.
 */
export function layout(options: LayoutOptions): Html {
  const { title, activePath, nav, body, scripts = true, logout = false } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · costlens</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${scripts
    ? html`<script src="/vendor/vega.js" defer></script>
<script src="/vendor/vega-lite.js" defer></script>
<script src="/vendor/vega-embed.js" defer></script>
<script src="/assets/filters.js" defer></script>
<script src="/assets/app.js" type="module"></script>`
    : ''}
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="top">
  <a class="brand" href="/">costlens</a>
  <nav aria-label="Dashboards">
    ${nav.filter((entry) => !entry.hidden).map((entry) =>
      entry.page
        ? html`<a href="${entry.path}"${entry.path === activePath ? html` aria-current="page"` : ''}>${entry.title}</a>`
        : html`<span class="nav-slot" data-slot="${entry.path.slice(1)}" title="${entry.slot ?? 'coming later'}">${entry.title}</span>`,
    )}
  </nav>
  ${logout ? html`<form class="logout" method="post" action="/logout"><button type="submit">Log out</button></form>` : ''}
</header>
<main id="main">
${body}
</main>
<footer aria-label="Data access"><a href="/api/queries">query API</a> · <a href="/api/charts">charts</a> · <a href="/healthz">health</a></footer>
</body>
</html>`;
}

/**
 * A chart placeholder: app.js fetches `/api/charts/NAME?params` and draws it with vega-embed
 * (SVG); without JavaScript the server-rendered `/charts/NAME.svg` shows instead.
 */
export function chartFigure(name: string, params: Record<string, string>, caption?: string): Html {
  const query = new URLSearchParams(params).toString();
  return html`<figure class="chart">
  <div class="vega" data-chart="${name}" data-params="${query}" role="img" aria-label="${caption ?? name}"></div>
  <noscript><img src="/charts/${name}.svg${query ? `?${query}` : ''}" alt="${caption ?? name}"></noscript>
  ${caption ? html`<figcaption>${caption}</figcaption>` : ''}
</figure>`;
}

/**
 * A KPI's figure when the days it would show are not in the store (they precede its billing data):
 * `no data` or `not compared` with an empty data-value, never $0.00, and the range line saying why.
 */
export function notInStoreFigure(figure: 'no data' | 'not compared', range: string): Html {
  return html`<p class="figure" data-value="">${figure}</p>
    <p class="range">${range}</p>`;
}

/**
 * The change card of two spans not compared, saying which side has days not in the store
 * (this span's first): "last month's days are not all in the store".
 */
export function notComparedFigure(current: { all: boolean } | null, previous: { all: boolean } | null): Html {
  const side = current ?? previous;
  return notInStoreFigure('not compared', `${current ? "this month's" : "last month's"} days are ${side?.all ? 'not' : 'not all'} in the store`);
}

/**
 * A table that scrolls sideways inside its card on a narrow screen (its first column stays put),
 * so the page itself never does. Keyboard users can focus the region to scroll it.
 */
export function tableScroll(label: string, table: Html): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${label}">${table}</div>`;
}

/**
 * What a page shows while the store holds no billing line yet: what to ingest, and how, instead
 * of an error. `what` says what the page would show.
 */
export function emptyStoreBody(title: string, what: string): Html {
  return html`<h1>${title}</h1>
<section class="empty-state" id="empty-store" aria-labelledby="empty-store-title">
  <h2 id="empty-store-title">No billing data yet</h2>
  <p>This page shows ${what} once the store holds billing data. Ingest a Cost and Usage Report (legacy CSV or Parquet),
    a CUR 2.0 / Data Exports folder or a FOCUS export:</p>
  <pre><code>costlens ingest PATH … [--db FILE]</code></pre>
  <p>Idle and rightsizing findings also need CloudWatch metrics and the resource inventory
    (<code>costlens pull metrics</code>, <code>costlens pull inventory</code>, or their CSV files through <code>costlens ingest</code>).
    To try costlens without AWS data, <code>costlens demo</code> writes a demo organisation to ingest.</p>
</section>`;
}

/** A simple error page body. */
export function errorBody(status: number, message: string, hint?: string): Html {
  return html`<section class="error" data-status="${status}">
  <h1>${status === 404 ? 'Not found' : status === 503 ? 'Not available yet' : status < 500 ? 'Cannot show that' : 'Something went wrong'}</h1>
  <p class="message">${message}</p>
  ${hint ? html`<p class="hint">${hint}</p>` : ''}
  <p><a href="/">Back to the overview</a></p>
</section>`;
}
