/**
 * `costlens alerts check`: asks every alert source (alerts-sources.ts) what stands crossed now,
 * and sends each (alert, channel) the alert ledger has not sent yet — by e-mail through the
 * report's transport (one message per alert to every pending address) and by webhook — each
 * send journalled before and after it happens (alerts-ledger.ts). Nothing to send: the store is
 * not written. A dry run evaluates and says what would be sent.
 */
import type { AnalysisConfig } from '../analyze/config.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { webhookName, type AlertsConfig } from './alerts-config.ts';
import { alertMessage } from './alerts-email.ts';
import { alertKeyId, type AlertKey, type NewAlertEvent } from './alerts-journal.ts';
import { readAlertLedger, withAlertLedger, type AlertState } from './alerts-ledger.ts';
import { ALERT_SOURCES } from './alerts-sources.ts';
import { sharingReads } from '../engine/shared-reads.ts';
import type { AlertCandidate, AlertSource } from './alerts-source.ts';
import { postWebhook } from './alerts-webhook.ts';
import { SendJournalError } from './journal-file.ts';
import type { MailTransport } from './transport.ts';

/** The config sections a check reads. */
export type AlertConfigs = AnalysisConfig & { alerts: AlertsConfig; report: { subjectPrefix: string } };

/** How e-mail alerts are sent (opened only when an e-mail is due). */
export interface AlertMail {
  open: () => MailTransport;
  from: string;
}

export interface AlertCheckOptions {
  storePath: string;
  configs: AlertConfigs;
  publicUrl: string | null;
  /** Required when alerts.email lists addresses and something is due. */
  mail?: AlertMail;
  dryRun?: boolean;
  /** Send again what an interrupted run left unknown (the operator checked it did not arrive). */
  resendUnknown?: boolean;
  sources?: readonly AlertSource[];
  log?: (line: string) => void;
}

/** What happened to one alert on one channel. */
export interface AlertOutcome {
  alert: AlertCandidate;
  channel: string;
  status: 'sent' | 'failed' | 'unknown' | 'already sent' | 'held back' | 'would send';
  detail: string | null;
}

export interface AlertCheckResult {
  candidates: AlertCandidate[];
  channels: string[];
  outcomes: AlertOutcome[];
}

const keyOf = (alert: AlertCandidate, channel: string): AlertKey => ({ kind: alert.kind, subjectKey: alert.subjectKey, threshold: alert.threshold, channel });

/** The channels of the config: `email:ADDRESS` (lower case), then `webhook:NAME`. */
export function alertChannels(config: AlertsConfig): string[] {
  return [...new Set(config.email.map((a) => `email:${a.trim().toLowerCase()}`)), ...config.webhooks.map((w) => `webhook:${webhookName(w)}`)];
}

/** What a check says beside an alert it does not send: when it went out, or since when its state is unknown. */
function standingDetail(state: AlertState | undefined): string | null {
  if (state?.status === 'unknown') return `state unknown since ${state.since}: ${state.reason}`;
  return state?.status === 'sent' ? `sent ${state.at}` : null;
}

/** What the ledger's state means for a send now. */
function decide(state: AlertState | undefined, resendUnknown: boolean): AlertOutcome['status'] | 'due' {
  if (state?.status === 'sent') return 'already sent';
  if (state?.status === 'unknown' && !resendUnknown) return 'held back';
  return 'due';
}

/**
 * Evaluates every source now (read-only on the store), on one engine that answers a repeated
 * (query, parameters) from memory: the sources read the same span of the store (billSpan), and
 * it does not change within one check.
 */
async function alertCandidates(options: Pick<AlertCheckOptions, 'storePath' | 'configs' | 'publicUrl' | 'sources'>): Promise<AlertCandidate[]> {
  return withEngine(options.storePath, async (store) => {
    const engine = sharingReads(store);
    const all: AlertCandidate[] = [];
    for (const source of options.sources ?? ALERT_SOURCES) {
      all.push(...await source.candidates({ engine, config: options.configs, publicUrl: options.publicUrl, topDrivers: options.configs.alerts.topDrivers, anomalyEvents: options.configs.alerts.anomalyEvents }));
    }
    return all;
  });
}

/** Evaluates, then sends what is due through the ledger. */
export async function checkAlerts(options: AlertCheckOptions): Promise<AlertCheckResult> {
  const log = options.log ?? (() => undefined);
  const candidates = await alertCandidates(options);
  const channels = alertChannels(options.configs.alerts);
  const resend = options.resendUnknown ?? false;
  const plan = (states: Map<string, AlertState>) => candidates.flatMap((alert) => channels.map((channel) => {
    const state = states.get(alertKeyId(keyOf(alert, channel)));
    return { alert, channel, decision: decide(state, resend), state };
  }));
  const ledger = await readAlertLedger(options.storePath);
  const planned = plan(ledger.states);
  const due = planned.filter((p) => p.decision === 'due');
  if (options.dryRun || (due.length === 0 && ledger.pendingJournals === 0)) {
    return {
      candidates, channels,
      outcomes: planned.map((p) => ({
        alert: p.alert, channel: p.channel, status: p.decision === 'due' ? 'would send' : p.decision,
        detail: standingDetail(p.state),
      })),
    };
  }
  if (due.some((p) => p.channel.startsWith('email:')) && !options.mail) {
    throw new CostlensError('config', 'alerts.email lists addresses, but e-mail is not set up: set COSTLENS_MAIL_FROM and COSTLENS_SMTP_URL (or SES)', {
      hint: 'alerts go through the weekly report\'s transport: COSTLENS_SMTP_URL=smtp://user:pass@mail.example.com:587 and COSTLENS_MAIL_FROM="costlens <finops@example.com>", or COSTLENS_MAIL_TRANSPORT=ses',
    });
  }
  const outcomes = await withAlertLedger(options.storePath, async ({ states, journal }) => {
    const out: AlertOutcome[] = [];
    const transport = due.some((p) => p.channel.startsWith('email:')) ? options.mail!.open() : undefined;
    try {
      const planUnderLock = plan(states);
      for (const alert of candidates) {
        const mine = planUnderLock.filter((p) => p.alert === alert);
        for (const p of mine.filter((m) => m.decision !== 'due')) out.push({ alert, channel: p.channel, status: p.decision as AlertOutcome['status'], detail: standingDetail(p.state) });
        const emails = mine.filter((m) => m.decision === 'due' && m.channel.startsWith('email:')).map((m) => m.channel);
        if (emails.length && transport) out.push(...await sendEmail(alert, emails, transport, options, journal.append));
        for (const p of mine.filter((m) => m.decision === 'due' && m.channel.startsWith('webhook:'))) {
          const hook = options.configs.alerts.webhooks.find((w) => `webhook:${webhookName(w)}` === p.channel)!;
          journal.append([{ event: 'intent', ...keyOf(alert, p.channel), title: alert.title }]);
          const result = await postWebhook(hook, alert, options.configs.alerts.webhookTimeoutMs);
          journal.append([result.status === 'sent'
            ? { event: 'sent', ...keyOf(alert, p.channel), detail: result.detail }
            : { event: result.status, ...keyOf(alert, p.channel), reason: result.reason }]);
          out.push({ alert, channel: p.channel, status: result.status, detail: result.status === 'sent' ? result.detail : result.reason });
        }
      }
    } finally {
      transport?.close();
    }
    return out;
  }, {
    onWait: log,
    onRecovered: (journal, rows) => log(`an earlier alerts check (${journal.runId}) stopped while sending; its journal is now in the ledger: ${rows.filter((r) => r.status === 'sent').length} sent, ${rows.filter((r) => r.status === 'unknown').length} UNKNOWN`),
  });
  return { candidates, channels, outcomes };
}

/** One message to every due address of an alert; each address journalled at hand-over and at the answer. */
async function sendEmail(alert: AlertCandidate, channels: string[], transport: MailTransport, options: AlertCheckOptions, append: (events: NewAlertEvent[]) => void): Promise<AlertOutcome[]> {
  const addresses = channels.map((c) => c.slice('email:'.length));
  const channelOf = (address: string) => `email:${address.trim().toLowerCase()}`;
  const recorded = new Set<string>();
  const message = alertMessage(alert, options.configs.report.subjectPrefix);
  let outcome;
  try {
    outcome = await transport.send(message, options.mail!.from, addresses, {
      handingOver: (to) => append(to.map((a) => ({ event: 'intent', ...keyOf(alert, channelOf(a)), title: alert.title }))),
      accepted: (to, messageId) => {
        append(to.map((a) => ({ event: 'sent', ...keyOf(alert, channelOf(a)), detail: messageId })));
        for (const a of to) recorded.add(channelOf(a));
      },
    });
  } catch (error) {
    if (error instanceof SendJournalError) throw error;
    const reason = messageOf(error);
    outcome = { accepted: [], rejected: addresses.map((address) => ({ address, reason })), uncertain: [], messageId: null };
  }
  const accepted = new Set(outcome.accepted.map(channelOf));
  const uncertain = new Map((outcome.uncertain ?? []).map((u) => [channelOf(u.address), u.reason]));
  const rejected = new Map(outcome.rejected.map((r) => [channelOf(r.address), r.reason]));
  const events: NewAlertEvent[] = [];
  const out = channels.map((channel): AlertOutcome => {
    if (accepted.has(channel)) {
      if (!recorded.has(channel)) events.push({ event: 'sent', ...keyOf(alert, channel), detail: outcome.messageId });
      return { alert, channel, status: 'sent', detail: outcome.messageId };
    }
    if (uncertain.has(channel)) {
      events.push({ event: 'unknown', ...keyOf(alert, channel), reason: uncertain.get(channel)! });
      return { alert, channel, status: 'unknown', detail: uncertain.get(channel)! };
    }
    const reason = rejected.get(channel) ?? 'neither accepted nor refused by the server';
    events.push({ event: 'failed', ...keyOf(alert, channel), reason });
    return { alert, channel, status: 'failed', detail: reason };
  });
  append(events);
  return out;
}
