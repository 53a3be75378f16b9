import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * What the server knows about who sent a request and how. Proxy headers count only when the
 * server is told to trust its proxy (`server.trustProxy`); otherwise any client could forge them.
 */
export interface RequestFacts {
  /** The peer's address (or, behind a trusted proxy, the address the proxy received the request from). */
  client: string;
  /** True when the request reached the server, or the trusted proxy, over TLS. */
  tls: boolean;
  /** The origin the browser used: scheme (TLS-aware) and Host. */
  origin: string;
}

/** Reads the facts of a request; `trustProxy` enables X-Forwarded-Proto and X-Forwarded-For. */
export function requestFacts(c: Context, trustProxy: boolean): RequestFacts {
  const url = new URL(c.req.url);
  const forwardedProto = trustProxy ? firstListValue(c.req.header('x-forwarded-proto'))?.toLowerCase() : undefined;
  const tls = url.protocol === 'https:' || forwardedProto === 'https';
  const forwardedFor = trustProxy ? lastListValue(c.req.header('x-forwarded-for')) : undefined;
  return { client: forwardedFor ?? peerAddress(c), tls, origin: `${tls ? 'https' : 'http'}://${url.host}` };
}

/** The socket's remote address; `local` when the request did not come through a socket (app.request in tests). */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

function firstListValue(header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value || undefined;
}

/** The last entry of X-Forwarded-For: the one the trusted proxy itself appended. */
function lastListValue(header: string | undefined): string | undefined {
  const value = header?.split(',').pop()?.trim();
  return value || undefined;
}
