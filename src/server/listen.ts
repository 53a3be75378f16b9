import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { CostlensError } from '../errors.ts';
import { createApp, type AppDeps, type CostlensApp } from './app.ts';

export interface ListenOptions extends AppDeps {
  /** Address to bind. Default 127.0.0.1 (anything else needs a token). */
  host?: string;
  /** Port; 0 picks a free one. Default 8787. */
  port?: number;
}

/** A listening server: its URL, the app, and how to stop it. */
export interface RunningServer {
  url: string;
  app: CostlensApp;
  close(): Promise<void>;
}

/** The URL for a bound address: IPv6 in brackets, the wildcard addresses shown as themselves. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Builds the app and listens with @hono/node-server. Resolves once the port is bound; a port in
 * use or an address that cannot be bound is a usage error naming it.
 */
export async function startServer(options: ListenOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createApp({ ...options, host });
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8787 });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CostlensError('usage', code === 'EADDRINUSE' ? `port ${options.port} on ${host} is already in use` : `cannot listen on ${host}:${options.port}: ${(error as Error).message}`, {
      hint: 'choose another --port (0 picks a free one)',
      cause: error,
    });
  }
  const { port } = server.address() as AddressInfo;
  // Load vega in the background so the first server-rendered chart does not pay for it.
  void import('vega').then(() => import('vega-lite')).catch(() => undefined);
  return {
    url: serverUrl(host, port),
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as import('node:http').Server).closeAllConnections?.();
      }).then(() => app.close()),
  };
}
