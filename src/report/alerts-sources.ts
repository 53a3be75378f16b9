/**
 * Every kind of alert `costlens alerts check` evaluates, in the order alerts are sent. Add a
 * source here (one module exporting an AlertSource, one line below).
 */
import { anomalyAlertSource } from './alerts-anomaly-source.ts';
import { budgetAlertSource } from './alerts-budget-source.ts';
import type { AlertSource } from './alerts-source.ts';

export const ALERT_SOURCES: readonly AlertSource[] = [
  budgetAlertSource,
  anomalyAlertSource,
];
