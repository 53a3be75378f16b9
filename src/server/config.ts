import { z } from 'zod';

/** `server:` in costlens.config.* — how `costlens serve` reads requests that reach it through a proxy. */
export const serverConfigSchema = z.object({
  /**
   * Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a TLS proxy in front of the server (the
   * session cookie gets `Secure` when the proxy says https; failed logins are counted per
   * forwarded client). Leave false when clients reach the server directly: they could forge them.
   * `COSTLENS_TRUST_PROXY=1` turns it on as well.
   */
  trustProxy: z.boolean().default(false),
}).strict().default({});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

/** Whether the server trusts its proxy's headers: `server.trustProxy`, or COSTLENS_TRUST_PROXY set to 1/true/yes. */
export function trustsProxy(config: ServerConfig | undefined, env: NodeJS.ProcessEnv): boolean {
  const flag = env.COSTLENS_TRUST_PROXY?.trim().toLowerCase();
  if (flag !== undefined && flag !== '') return ['1', 'true', 'yes'].includes(flag);
  return config?.trustProxy ?? false;
}
