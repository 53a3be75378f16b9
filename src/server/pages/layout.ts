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
 * /assets/app.js, which draws each `[data-chart]` element.
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
<script src="/assets/app.js" defer></script>`
    : ''}
</head>
<body>
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
<main>
${body}
</main>
<footer><a href="/api/queries">query API</a> · <a href="/api/charts">charts</a> · <a href="/healthz">health</a></footer>
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

/** A simple error page body. */
export function errorBody(status: number, message: string, hint?: string): Html {
  return html`<section class="error" data-status="${status}">
  <h1>${status === 404 ? 'Not found' : status === 503 ? 'Not available yet' : status < 500 ? 'Cannot show that' : 'Something went wrong'}</h1>
  <p class="message">${message}</p>
  ${hint ? html`<p class="hint">${hint}</p>` : ''}
  <p><a href="/">Back to the overview</a></p>
</section>`;
}
