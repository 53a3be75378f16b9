/**
 * Alerts as webhook POSTs: the payload of each format (README, "Alerts: webhook payloads") and
 * the POST itself. `json` is costlens's own shape (every figure an exact decimal string);
 * `slack` is a Slack incoming-webhook message (text + Block Kit blocks); `teams` is a Microsoft
 * Teams incoming-webhook / Workflows message carrying an Adaptive Card.
 */
import { formatDollars } from '../lib/money.ts';
import { restLabel } from '../analyze/explain/index.ts';
import { driversHeading, postedLine, type AlertCandidate } from './alerts-source.ts';
import type { WebhookConfig, WebhookFormat } from './alerts-config.ts';

/** The version of the `json` payload (a breaking change bumps it). */
const ALERT_PAYLOAD_VERSION = 1;

function driverLine(d: AlertCandidate['drivers'][number]): string {
  const parts = Object.entries(d.parts).map(([p, v]) => `${p} ${formatDollars(v)}`).join(', ');
  return `${d.label}: ${formatDollars(d.change)}${d.shareOfChange === null ? '' : ` (${d.shareOfChange.toFixed(1)}% of the change)`}${parts ? `; ${parts}` : ''}`;
}

/** The drivers as lines of text, the rest last. */
function driverLines(alert: AlertCandidate): string[] {
  const lines = alert.drivers.map(driverLine);
  if (alert.rest) lines.push(`${restLabel(alert.rest)}: ${formatDollars(alert.rest.change)}`);
  return lines;
}

/** An alert's drivers as the JSON payload (and `costlens alerts check --format json`) carry them. */
export function driversJson(alert: AlertCandidate) {
  return { compare: alert.driversCompare, notCompared: alert.driversNotCompared, total: alert.driversTotal, top: alert.drivers, rest: alert.rest, posted: alert.driversPosted };
}

/** costlens's own payload. */
function jsonPayload(alert: AlertCandidate) {
  return {
    type: 'costlens.alert', version: ALERT_PAYLOAD_VERSION,
    kind: alert.kind, subjectKey: alert.subjectKey, threshold: alert.threshold,
    title: alert.title, summary: alert.summary, amount: alert.amount,
    drivers: driversJson(alert),
    link: alert.link, facts: alert.facts,
  };
}

/** A Slack incoming-webhook message: `text` for notifications, blocks for the message. */
export function slackPayload(alert: AlertCandidate) {
  const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const drivers = driverLines(alert).map((l) => `• ${escapeMrkdwn(l)}`).join('\n');
  const posted = postedLine(alert);
  return {
    text: alert.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: alert.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(alert.summary) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Top drivers* (${escapeMrkdwn(driversHeading(alert))})\n${drivers || (alert.driversTotal === null ? 'none: nothing compared' : 'nothing moved')}${posted ? `\n${escapeMrkdwn(posted)}` : ''}`.slice(0, 3000) } },
      ...(alert.link ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in costlens' }, url: alert.link }] }] : []),
    ],
  };
}

/** A Teams message with an Adaptive Card (what Teams incoming webhooks and Workflows take). */
export function teamsPayload(alert: AlertCandidate) {
  return {
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        body: [
          { type: 'TextBlock', text: alert.title, weight: 'Bolder', size: 'Medium', wrap: true },
          { type: 'TextBlock', text: alert.summary, wrap: true },
          { type: 'TextBlock', text: `Top drivers (${driversHeading(alert)})`, weight: 'Bolder', wrap: true },
          ...driverLines(alert).map((line) => ({ type: 'TextBlock', text: `- ${line}`, wrap: true, spacing: 'None' })),
          ...[postedLine(alert)].filter((line) => line !== null).map((line) => ({ type: 'TextBlock', text: line, wrap: true, isSubtle: true })),
        ],
        ...(alert.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in costlens', url: alert.link }] } : {}),
      },
    }],
  };
}

/** The payload of `format`. */
export function webhookPayload(format: WebhookFormat, alert: AlertCandidate): unknown {
  return format === 'slack' ? slackPayload(alert) : format === 'teams' ? teamsPayload(alert) : jsonPayload(alert);
}

/** What one POST achieved. */
export type WebhookOutcome = { status: 'sent'; detail: string } | { status: 'failed' | 'unknown'; reason: string };

/** Errors raised before a request can have reached the receiver: nothing was delivered. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/**
 * POSTs the alert. A 2xx answer is sent; another answer, or a connection that never opened, is
 * failed (the next check sends again); a request that may have arrived without an answer (a
 * timeout, a connection reset mid-way) is unknown.
 */
export async function postWebhook(hook: WebhookConfig, alert: AlertCandidate, timeoutMs: number): Promise<WebhookOutcome> {
  let response: Response;
  try {
    response = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'costlens-alerts', ...hook.headers },
      body: JSON.stringify(webhookPayload(hook.format, alert)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = `${cause?.code ?? (error as Error).name}: ${cause?.message ?? (error as Error).message}`;
    return cause?.code && NOT_DELIVERED.has(cause.code) ? { status: 'failed', reason } : { status: 'unknown', reason: `no answer from the webhook (${reason}); it may have received the alert` };
  }
  const body = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
  if (response.ok) return { status: 'sent', detail: `HTTP ${response.status}` };
  return { status: 'failed', reason: `HTTP ${response.status}${body ? `: ${body}` : ''}` };
}
