/**
 * One audience's e-mail: subject, HTML with the charts as CID images, the plain-text
 * alternative, and finance's chargeback CSV; as a MIME message (.eml) and as a self-contained
 * HTML preview (charts as data: URIs).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { CsvAttachment } from './chargeback.ts';
import type { ChartImage } from './charts.ts';
import { renderHtml } from './html.ts';
import type { ReportLayout } from './layout.ts';
import { audienceId, type WeeklyReport } from './model.ts';
import { renderText } from './text.ts';

/** The CID of a chart image (`<img src="cid:daily@costlens">`). */
export function chartCid(chart: Pick<ChartImage, 'name'>): string {
  return `${chart.name}@costlens`;
}

/** An attachment as nodemailer takes it. */
export interface MessageAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for inline images. */
  cid?: string;
  contentDisposition: 'inline' | 'attachment';
}

/** A composed report e-mail, before it has recipients. */
export interface ReportMessage {
  /** `finance`, `engineering`, `team:NAME`. */
  audience: string;
  week: string;
  subject: string;
  html: string;
  text: string;
  attachments: MessageAttachment[];
  /** The HTML with the charts inlined as data: URIs, for previews in a browser. */
  previewHtml: string;
}

/** Composes the e-mail of one report. */
export function composeMessage(report: WeeklyReport, layout: ReportLayout, rendered: readonly ChartImage[], chargeback: CsvAttachment | null): ReportMessage {
  // Only the charts a section shows travel with the message (a week not compared shows no services chart).
  const placed = new Set(layout.sections.map((s) => s.chart));
  const charts = rendered.filter((c) => placed.has(c.name));
  const attachments: MessageAttachment[] = charts.map((c) => ({
    filename: `${c.name}.png`, content: c.png, contentType: 'image/png', cid: chartCid(c), contentDisposition: 'inline',
  }));
  if (chargeback) attachments.push({ filename: chargeback.filename, content: chargeback.content, contentType: 'text/csv; charset=utf-8', contentDisposition: 'attachment' });
  const shown = new Set(charts.map((c) => c.name));
  return {
    audience: audienceId(report.audience),
    week: report.week.label,
    subject: layout.subject,
    html: renderHtml(layout, charts, (c) => `cid:${chartCid(c)}`),
    text: renderText(layout, shown),
    attachments,
    previewHtml: renderHtml(layout, charts, (c) => `data:image/png;base64,${c.png.toString('base64')}`),
  };
}

/** The nodemailer message fields of a report e-mail for the given sender and recipients. */
export function mailFields(message: ReportMessage, from: string, to: readonly string[]) {
  return {
    from,
    to: [...to],
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments.map((a) => ({ ...a })),
    // Alerts (src/report/alerts-email.ts) travel the same transports with audience `alert:KIND` and `week` holding the alert's key.
    headers: { 'X-Costlens-Report': message.audience.startsWith('alert:') ? `${message.audience} ${message.week}` : `weekly ${message.week} ${message.audience}` },
  };
}

/** The message as RFC 5322 bytes (what `--out` writes as .eml). */
export async function toEml(message: ReportMessage, from: string, to: readonly string[]): Promise<Buffer> {
  const fields = mailFields(message, from, to);
  return new MailComposer(to.length ? fields : { ...fields, to: undefined }).compile().build();
}
