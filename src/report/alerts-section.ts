/**
 * The e-mails' alert log: the alerts `costlens alerts check` sent (budget crossings, anomaly
 * events; the alert ledger, queries/alerts/alerts_sent.sql) from the report week's Monday on, so
 * the finance and engineering readers see what was already pushed to them and why. Left out when
 * none was sent (the Budgets and New anomalies sections say what stands).
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import type { LayoutSection } from './layout-parts.ts';
import { shortDay } from '../lib/calendar.ts';
import type { IsoWeek } from './week.ts';

/** One alert as the section lists it. */
export interface SentAlert {
  kind: string;
  title: string;
  firstSentAt: string;
  channels: number;
  notConfirmed: number;
}

/** The alerts sent since the week's Monday, latest first. */
export interface AlertsSectionModel {
  since: string;
  alerts: SentAlert[];
}

/** Reads the ledger for the report (null when no alert was sent since the week's Monday). */
export async function buildAlertsSection(engine: Engine, week: IsoWeek): Promise<AlertsSectionModel | null> {
  if (engine.name !== 'duckdb') return null;
  const rows = await runQuery(engine, 'alerts/alerts_sent', { from: week.start, top: '20' });
  if (rows.length === 0) return null;
  return {
    since: week.start,
    alerts: rows.map((r) => ({
      kind: r.kind!, title: r.title ?? `${r.subject_key} ${r.threshold}`, firstSentAt: (r.first_sent_at ?? '').slice(0, 16).replace('T', ' '),
      channels: r.channels_sent ?? 0, notConfirmed: r.channels_not_sent ?? 0,
    })),
  };
}

/** The section as the report layout prints it (HTML and text alike). */
export function alertsLayoutSection(model: AlertsSectionModel): LayoutSection {
  const n = model.alerts.length;
  return {
    id: 'alerts',
    title: 'Alerts sent',
    paragraphs: [`${n} alert${n === 1 ? '' : 's'} went out since ${shortDay(model.since, true)}, latest first.`],
    tables: [{
      columns: ['Alert', 'Kind', 'First sent (UTC)', 'Channels'],
      numeric: [false, false, false, true],
      rows: model.alerts.map((a) => [a.title, a.kind, a.firstSentAt, a.notConfirmed ? `${a.channels} (+${a.notConfirmed} not confirmed)` : String(a.channels)]),
    }],
    notes: ['Budget thresholds crossed and anomaly events, each sent once per channel by costlens alerts check (README, "Alerts").'],
  };
}
