/**
 * An alert as an e-mail: laid out as a one-section report (layout-parts.ts) and rendered by the
 * weekly report's HTML and text renderers, so it reads on a phone as the weekly e-mails do
 * (tables stack into cards below 480 px) and its HTML and text carry the same figures.
 */
import { formatDollars } from '../lib/money.ts';
import type { LayoutSection } from './layout-parts.ts';
import type { ReportLayout } from './layout.ts';
import { renderHtml } from './html.ts';
import type { ReportMessage } from './message.ts';
import { renderText } from './text.ts';
import { restLabel } from '../analyze/explain/index.ts';
import { driversHeading, postedLine, type AlertCandidate } from './alerts-source.ts';

/** The alert's layout: the summary, then the drivers table (and the charges posted in the spans, not compared) and the link. */
function alertLayout(alert: AlertCandidate, subjectPrefix: string): ReportLayout {
  const rows = alert.drivers.map((d) => [
    d.label, formatDollars(d.change), d.shareOfChange === null ? '–' : `${d.shareOfChange.toFixed(1)}%`,
    Object.entries(d.parts).map(([p, v]) => `${p} ${formatDollars(v)}`).join(', '),
  ]);
  if (alert.rest) rows.push([restLabel(alert.rest), formatDollars(alert.rest.change), '', '']);
  const section: LayoutSection = {
    id: 'drivers',
    title: 'Top drivers',
    paragraphs: [`${driversHeading(alert)}.`, ...[postedLine(alert)].filter((line) => line !== null).map((line) => `${line}.`)],
    tables: rows.length && alert.driversTotal !== null ? [{ columns: ['Driver', 'Change', 'Share', 'Parts'], numeric: [false, true, true, false], rows, footer: ['Total', formatDollars(alert.driversTotal), '', ''], detail: 3 }] : [],
    notes: alert.driversTotal === null ? [] : ['Drivers as costlens explain decomposes a change: volume (quantity change at the old rate), rate (unit-price change), new, gone and other (a charge without a usage quantity); in cents they add up to the total.'],
    ...(alert.link ? { link: { text: 'Open in costlens', href: alert.link } } : {}),
  };
  return {
    subject: `${subjectPrefix ? `${subjectPrefix} ` : ''}${alert.title}`,
    heading: 'costlens alert',
    subheading: `${alert.kind} ${alert.subjectKey} · ${alert.threshold}`,
    headline: alert.summary,
    alerts: [],
    sections: [section],
    footer: ['Sent once per alert and threshold (the alert ledger in the store); costlens alerts check --dry-run shows what is due.'],
  };
}

/** The alert as a message the report's transports send (audience `alert`, keyed by subject and threshold). */
export function alertMessage(alert: AlertCandidate, subjectPrefix: string): ReportMessage {
  const layout = alertLayout(alert, subjectPrefix);
  const html = renderHtml(layout, [], () => '');
  return {
    audience: `alert:${alert.kind}`,
    week: `${alert.subjectKey} ${alert.threshold}`,
    subject: layout.subject,
    html,
    text: renderText(layout),
    attachments: [],
    previewHtml: html,
  };
}
