/** Idle resources: metric rules (EC2, RDS, EBS, NAT, load balancers, Elastic IPs) and bill-only rules, with commitment coverage. Callers outside this folder import from here. */
export * from './bill-rules.ts';
export * from './commitments.ts';
export * from './find.ts';
export * from './not-run.ts';
export * from './rules.ts';
export { BILL_ONLY_RULE_IDS, IDLE_RULE_TABLE, RULES_NOT_ON_ATHENA, idleMetricNeeds, idleRulesRun, queriesOf, type IdleRule, type IdleRuleReads } from './rule-table.ts';
export { findingsSpan } from './rule-days.ts';
