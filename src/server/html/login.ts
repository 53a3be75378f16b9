import { html } from 'hono/html';
import type { Html } from './page.ts';

/** The token form of /login: no script, posts back to /login. */
export function loginPage(options: { next: string; error?: string }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · costlens</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<main class="login">
  <h1>costlens</h1>
  <p>This server needs the token it was started with (<code>COSTLENS_TOKEN</code>). You enter it once; the browser then keeps a session cookie.</p>
  ${options.error ? html`<p class="error message" role="alert">${options.error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${options.next}">
    <label>Token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
    <button type="submit">Log in</button>
  </form>
</main>
</body>
</html>`;
}
