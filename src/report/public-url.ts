/**
 * Where the e-mail's links point: the address the dashboards (`costlens serve`) are reached at,
 * from COSTLENS_PUBLIC_URL, else `report.publicUrl`; without either the e-mail has no links (a
 * link to a server nobody can reach is worse than none).
 */
import { CostlensError } from '../errors.ts';

/** What a public URL must be, as errors say it. */
export const PUBLIC_URL_RULE = 'must be an http:// or https:// address without ?query or #fragment, e.g. https://costlens.example.com';

/** Whether `text` can be the dashboards' public address: http(s), a host, no query, fragment or credentials. */
export function isPublicUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
    && url.search === '' && url.hash === '' && url.username === '' && url.password === '' && !/[?#]/.test(text);
}

/** The base the links start with: the URL as given, without its trailing slashes. */
function normalise(text: string): string {
  return text.trim().replace(/\/+$/, '');
}

/**
 * The dashboards' public address: COSTLENS_PUBLIC_URL when set (and not empty), else
 * `report.publicUrl`, else null. A malformed COSTLENS_PUBLIC_URL is a config error naming it
 * (`report.publicUrl` is checked with the rest of the config).
 */
export function resolvePublicUrl(config: { publicUrl?: string }, env: NodeJS.ProcessEnv): string | null {
  const fromEnv = env.COSTLENS_PUBLIC_URL?.trim();
  if (fromEnv) {
    if (!isPublicUrl(fromEnv)) {
      throw new CostlensError('config', `COSTLENS_PUBLIC_URL ${PUBLIC_URL_RULE}; got "${fromEnv.slice(0, 80)}"`, {
        hint: 'the address your browser opens the costlens dashboards at (costlens serve, or the proxy in front of it)',
      });
    }
    return normalise(fromEnv);
  }
  return config.publicUrl ? normalise(config.publicUrl) : null;
}

/** `base` + `path` + the query of `params` (in the order given; empty values left out). */
export function pageUrl(base: string, path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return `${base}${path}${query ? `?${query}` : ''}`;
}
