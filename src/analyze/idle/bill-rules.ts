/**
 * What the bill alone shows about resources that have no metrics (or inventory): lower-confidence
 * findings, listed so that a store without CloudWatch data still surfaces the obvious waste.
 */
import type { IdleConfig } from '../optimisation-config.ts';
import { num } from '../findings.ts';
import { base, dayParams, n, text, type IdleRuleQuery, type Row, type RuleFinding } from './rules.ts';

const thresholds = (c: IdleConfig) => ({ 'idle.billOnly.days': c.billOnly.days });

export const VOLUMES_WITHOUT_INSTANCES: IdleRuleQuery = {
  query: 'optimisation/idle_volumes_from_bill',
  params: (c, d) => ({ ...dayParams(d), days: String(c.billOnly.days) }),
  toFindings(row: Row, c: IdleConfig): RuleFinding[] {
    return [{
      ...base(row, 'bill-ebs-without-instances'),
      evidence: {
        usageType: text(row, 'usage_type'),
        billedDays: n(row, 'billed_days'),
        billedGbMonths: n(row, 'billed_gb_months'),
        instanceHoursInAccountRegion: n(row, 'instance_hours'),
      },
      thresholds: thresholds(c),
      explanation: `billed for storage (${text(row, 'usage_type')}) on each of the last ${c.billOnly.days} days while account ${text(row, 'account_id')}`
        + ` ran no EC2 instance hours in ${text(row, 'region')}; no metrics or inventory for it`,
      action: 'confirm in the console (unattached, or attached to a stopped instance); snapshot and delete it if unneeded',
      confidence: 'low',
    }];
  },
};

export const GATEWAYS_WITHOUT_TRAFFIC: IdleRuleQuery = {
  query: 'optimisation/idle_gateways_from_bill',
  params: (c, d) => ({ ...dayParams(d), days: String(c.billOnly.days) }),
  toFindings(row: Row, c: IdleConfig): RuleFinding[] {
    const nat = row.kind === 'nat-gateway';
    return [{
      ...base(row, nat ? 'bill-nat-without-traffic' : 'bill-lb-without-traffic'),
      evidence: {
        usageType: text(row, 'usage_type'),
        billedDays: n(row, 'billed_days'),
        billedHours: n(row, 'billed_hours'),
        trafficQuantity: n(row, 'traffic_quantity'),
      },
      thresholds: thresholds(c),
      explanation: `billed ${num(n(row, 'billed_hours'))} hours (${text(row, 'usage_type')}) on each of the last ${c.billOnly.days} days`
        + ` and no ${nat ? 'data processed (NatGateway-Bytes)' : 'capacity units (LCUUsage) or data processed'}; no metrics for it`,
      action: nat ? 'delete the NAT gateway and release its Elastic IP (check the route tables first)' : 'delete the load balancer',
      confidence: 'low',
    }];
  },
};
