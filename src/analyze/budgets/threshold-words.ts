/**
 * A budget threshold in words, as people read it on the Overview's card and in the weekly e-mails'
 * Budgets section and budget alerts (the pages' formats), apart from the JSON and table forms of
 * `costlens budgets` (json.ts).
 */
import { shortDay } from '../../lib/calendar.ts';
import { percentText } from '../../lib/quantity-cells.ts';
import type { ThresholdStatus } from './status.ts';

/**
 * One threshold for people, in the pages' formats (percentText, the day as `1 Dec 2026`), as the
 * Overview's card and the weekly e-mails' Budgets section write it: `80% actual since 9 Nov 2026`,
 * `100% forecast` when not crossed, `80% actual not judged`. `costlens budgets` writes its own
 * (`actual:80 since 2026-11-09`, the crossed column).
 */
export function thresholdText(t: ThresholdStatus): string {
  const threshold = `${percentText(t.percent)} ${t.basis}`;
  if (t.crossed === null) return `${threshold} not judged`;
  return t.crossed ? `${threshold} since ${shortDay(t.since!, true)}` : threshold;
}
