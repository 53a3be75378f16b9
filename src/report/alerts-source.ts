/**
 * What raises an alert. An {@link AlertSource} looks at the store and returns candidates — one per
 * (subject, threshold) that stands crossed now; the alert ledger (alerts-ledger.ts) sends each
 * candidate once per channel, ever, so a source simply reports every crossing it sees, each
 * time it is asked. Sources are listed in alerts-sources.ts: a new kind of alert (anomaly events)
 * is one new module exporting a source, and one line there.
 */
import type { AnalysisConfig } from '../analyze/config.ts';
import type { Engine } from '../engine/engine.ts';
import { formatDollars } from '../lib/money.ts';

/** One driver of the movement behind an alert, as explain decomposes it (money to the cent). */
export interface AlertDriver {
  /** `Amazon EC2 › BoxUsage:m5.large › i-0abc` (the charge class first when it is not usage). */
  label: string;
  /** The change in dollars, to the cent (`"123.45"`, `"-6.70"`). */
  change: string;
  /** Its parts in dollars to the cent (volume, rate, new, gone, other), the zero ones left out. */
  parts: Record<string, string>;
  /** Percent of the total change, one decimal; null when the total did not move. */
  shareOfChange: number | null;
}

/** A charge class posted in the spans the drivers compare, listed apart, not compared (fees, tax and credits post once a month). */
export interface AlertPosted {
  /** `recurring`, `one-time`, `tax`, `credit`. */
  chargeClass: string;
  /** Its cost in the earlier span and in the later one, each rounded once, in dollars to the cent. */
  oldCost: string;
  newCost: string;
}

/** An alert a source says is due (the ledger decides whether it was sent already). */
export interface AlertCandidate {
  /** `budget`, `anomaly`: what the subject is. */
  kind: string;
  /** Identifies the subject for good: `org/2026-11` (a budget and its period), an event id. */
  subjectKey: string;
  /** Which line was crossed: `actual:80`, `forecast:100`, `open`. */
  threshold: string;
  /** One line: `Budget org: 80% of $40,000.00 reached`. */
  title: string;
  /** Sentences: what was crossed, when, by how much, what the period looks like. */
  summary: string;
  /** The figure that crossed the line, exact decimal dollars. */
  amount: string;
  /** What the drivers compare: `1–14 Nov 2026 against 1–14 Oct 2026, usage, BilledCost`. */
  driversCompare: string;
  /** Why those spans were not compared (days not in the store), or null when they were. */
  driversNotCompared: string | null;
  /** The total change the drivers add up to, in dollars to the cent; null when nothing was compared. */
  driversTotal: string | null;
  /** The top drivers, largest change first. */
  drivers: AlertDriver[];
  /** Charges posted in the spans compared but not compared themselves (a budget's fees, tax and credits); [] when none or nothing was compared. */
  driversPosted: AlertPosted[];
  /** The drivers after the listed ones together, or (`drivers` 0) the cents the listed ones, rounded one by one, leave of the total; null when nothing is left. */
  rest: { drivers: number; change: string } | null;
  /** The page that shows it (under COSTLENS_PUBLIC_URL / report.publicUrl), or null without a public URL. */
  link: string | null;
  /** Facts for the JSON payload (figures as exact decimal strings). */
  facts: Record<string, string | number | boolean | null>;
}

/** What a source is given. */
export interface AlertSourceContext {
  engine: Engine;
  config: AnalysisConfig;
  /** The dashboards' public address, or null (no links). */
  publicUrl: string | null;
  topDrivers: number;
  /** `alerts.anomalyEvents`: false turns the anomaly-event source off. */
  anomalyEvents?: boolean;
}

/** A kind of alert: evaluates now and lists every crossing that stands. */
export interface AlertSource {
  /** `budget`, `anomaly`. */
  kind: string;
  candidates(context: AlertSourceContext): Promise<AlertCandidate[]>;
}

/** The drivers' heading line: what they compare and the change they add up to, or why nothing was compared. */
export function driversHeading(alert: Pick<AlertCandidate, 'driversCompare' | 'driversNotCompared' | 'driversTotal'>): string {
  if (alert.driversTotal === null) return `${alert.driversCompare}: not compared${alert.driversNotCompared ? `, because ${alert.driversNotCompared}` : ''}`;
  return `${alert.driversCompare}: change ${formatDollars(alert.driversTotal)}`;
}

/** The line naming the charges posted in the spans, not compared (`recurring $86.30 → $38.98, …`), or null when there are none. */
export function postedLine(alert: Pick<AlertCandidate, 'driversPosted'>): string | null {
  if (alert.driversPosted.length === 0) return null;
  const classes = alert.driversPosted.map((p) => `${p.chargeClass} ${formatDollars(p.oldCost)} → ${formatDollars(p.newCost)}`).join(', ');
  return `Posted in the spans, not compared (fees, tax and credits post once a month, not by the day): ${classes}`;
}

/** The rest line of a driver table: the drivers after the listed ones, or their rounding when all are listed and it is not zero. */
export function alertRest(rest: { drivers: number; change: string }): AlertCandidate['rest'] {
  return rest.drivers > 0 || rest.change !== '0.00' ? { drivers: rest.drivers, change: rest.change } : null;
}
