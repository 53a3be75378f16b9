/**
 * The look-backs an as-of day is checked by, for idle and rightsizing: the most days they look back
 * on, which must hold a day of the billing data, and their rules' look-back, which must hold a
 * complete day of it (lookbackPastData, findings-window.ts). `costlens idle|rightsize --as-of` and the
 * Optimisation page with its downloads and API (`as_of`) read them from here ({@link idleAsOfChecks},
 * {@link rightsizingAsOfChecks}), so that they refuse the same days in the same words.
 */
import { MONTHLY_COST_DAYS, type LookbackDays } from './findings-window.ts';
import type { IdleConfig, RightsizingConfig } from './optimisation-config.ts';

/** The days each idle rule looks back on (the bill-only rules' only when they are on). */
function idleRuleWindows(config: IdleConfig): number[] {
  return [config.ec2.lookbackDays, config.ebs.days, config.elasticIp.days, config.loadBalancer.days, config.rds.days, config.natGateway.days,
    ...(config.billOnly.enabled ? [config.billOnly.days] : [])];
}

/** The most days idle looks back on: its 30-day cost window, or a rule's longer window from the config. */
export function idleLookbackDays(config: IdleConfig): number {
  return Math.max(MONTHLY_COST_DAYS, ...idleRuleWindows(config));
}

/** The look-back of idle that must hold a complete day of the bill: the shortest rule window (7 days by default), so that no rule judges only days past the data horizon. */
export function idleRuleLookback(config: IdleConfig): LookbackDays {
  const days = Math.min(...idleRuleWindows(config));
  return { days, named: `the ${days} days its shortest rule looks back on` };
}

/** The most days rightsizing looks back on: its 30-day cost window, or a longer `rightsizing.lookbackDays` from the config. */
export function rightsizingLookbackDays(config: RightsizingConfig): number {
  return Math.max(MONTHLY_COST_DAYS, config.lookbackDays);
}

/** The look-back of rightsizing that must hold a complete day of the bill: `rightsizing.lookbackDays` (14 by default). */
export function rightsizingLookback(config: RightsizingConfig): LookbackDays {
  const days = config.lookbackDays;
  return { days, named: `its ${days}-day look-back` };
}

/** What an as-of day of a command is checked by: the most days it looks back on (`days`) must hold a day of the billing data, its rules' look-back (`rules`) a complete day of it. */
export interface AsOfChecks {
  days: number;
  rules: LookbackDays;
}

/** `costlens idle --as-of`'s checks: {@link idleLookbackDays} and {@link idleRuleLookback}. */
export function idleAsOfChecks(config: IdleConfig): AsOfChecks {
  return { days: idleLookbackDays(config), rules: idleRuleLookback(config) };
}

/** `costlens rightsize --as-of`'s checks: {@link rightsizingLookbackDays} and {@link rightsizingLookback}. */
export function rightsizingAsOfChecks(config: RightsizingConfig): AsOfChecks {
  return { days: rightsizingLookbackDays(config), rules: rightsizingLookback(config) };
}
