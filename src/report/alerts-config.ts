/**
 * `alerts:` in costlens.config.* — where alerts go: e-mail through the weekly report's transport
 * (SMTP or SES, report.delivery / COSTLENS_MAIL_TRANSPORT) and/or webhooks (a JSON POST; Slack
 * and Microsoft Teams incoming webhooks get their own payload shapes), how many drivers they
 * name, and an own cron for `costlens serve --schedule`.
 */
import { z } from 'zod';

/** Payload shapes a webhook can receive (README, "Alerts"). */
export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const webhookSchema = z.object({
  /** Names the webhook in the alert ledger and in output (default: its format and host). Keep it once set: a new name sends again. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'a webhook name is letters, digits, ".", "_", ":" or "-"').max(80).optional(),
  url: z.string().trim().url('an http:// or https:// URL').refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// URL'),
  format: z.enum(WEBHOOK_FORMATS).default('json'),
  /** Extra request headers (e.g. an Authorization for your own receiver); values may use ${ENV}. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name is letters, digits and -'), z.string()).default({}),
}).strict();

/** `alerts:` — all optional; without a channel, `costlens alerts check` evaluates and says nothing was sent. */
export const alertsConfigSchema = z.object({
  /** Addresses every alert is e-mailed to (sent from COSTLENS_MAIL_FROM). */
  email: z.array(z.string().trim().email('an e-mail address like finops@example.com')).default([]),
  webhooks: z.array(webhookSchema).default([]),
  /** Drivers an alert names (from explain's decomposition), largest change first. */
  topDrivers: z.number().int().min(1).max(25).default(5),
  /** Alert when an anomaly event (costlens anomalies) at or above the noise floor opens; false: budgets only. */
  anomalyEvents: z.boolean().default(true),
  /** `costlens serve --schedule` also runs the check at these times (cron, UTC), besides after every ingest. */
  schedule: z.string().min(1).optional(),
  /** How long a webhook may take to answer, in milliseconds. */
  webhookTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
}).strict().default({}).superRefine((config, ctx) => {
  const seen = new Set<string>();
  config.webhooks.forEach((w, i) => {
    const name = webhookName(w);
    if (seen.has(name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['webhooks', i, 'name'], message: `webhook name "${name}" is used twice: give each webhook its own name` });
    seen.add(name);
  });
});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
export type WebhookConfig = AlertsConfig['webhooks'][number];

/** The name a webhook goes by in the ledger: its own, else `FORMAT:HOST`. */
export function webhookName(w: { name?: string; url: string; format: WebhookFormat }): string {
  if (w.name) return w.name;
  let host = 'webhook';
  try {
    host = new URL(w.url).host;
  } catch {
    // the schema reports the URL; the name does not matter then
  }
  return `${w.format}:${host}`;
}
