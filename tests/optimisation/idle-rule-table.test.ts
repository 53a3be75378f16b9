/**
 * The idle rule table (src/analyze/idle/rule-table.ts) is the one list of idle's rules: what runs
 * where, which rules are bill-only, which are named as not run on Athena and which metrics' coverage
 * idle reports are all read from it. Pure: no store.
 */
import { describe, expect, it } from 'vitest';
import { IDLE_RULES } from '../../src/analyze/findings.ts';
import { BILL_ONLY_RULE_IDS, IDLE_RULE_TABLE, RULES_NOT_ON_ATHENA, billedResourcesDays, idleMetricNeeds, idleRulesRun, queriesOf } from '../../src/analyze/idle/index.ts';
import { READING_RULES, idleRule, type IdleReadingRule } from '../../src/analyze/idle/rule-table.ts';
import { idleConfigSchema } from '../../src/analyze/optimisation-config.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';

const config = idleConfigSchema.parse({});
const withoutBillOnly = idleConfigSchema.parse({ billOnly: { enabled: false } });
const queryNames = (engine: string, c = config) => queriesOf(idleRulesRun({ name: engine }, c)).map((q) => q.query);
const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);

describe('the idle rule table', () => {
  it('holds every rule of IDLE_RULES once, in their rank, and each rule\'s query is a query of queries/optimisation/', () => {
    expect(ids(IDLE_RULE_TABLE)).toEqual([...IDLE_RULES]);
    for (const rule of IDLE_RULE_TABLE) expect(queryRegistry().find(rule.query.query).name).toMatch(/^optimisation\/idle_/);
    // A query may find several rules (EBS volumes: unattached and low I/O); each runs once.
    expect(queryNames('duckdb')).toEqual([
      'optimisation/idle_ec2_instances', 'optimisation/idle_ebs_volumes', 'optimisation/idle_elastic_ips', 'optimisation/idle_load_balancers',
      'optimisation/idle_rds_instances', 'optimisation/idle_nat_gateways', 'optimisation/idle_volumes_from_bill', 'optimisation/idle_gateways_from_bill',
    ]);
    expect(queryNames('duckdb', withoutBillOnly)).toEqual([
      'optimisation/idle_ec2_instances', 'optimisation/idle_ebs_volumes', 'optimisation/idle_elastic_ips', 'optimisation/idle_load_balancers',
      'optimisation/idle_rds_instances', 'optimisation/idle_nat_gateways',
    ]);
    // A query runs when any of its rules does, so the rules one query finds run on the same engines and behind the same switch.
    const runsWhere = (r: (typeof IDLE_RULE_TABLE)[number]) => (r.reads === 'bill' ? `bill${r.billOnly ? ', billOnly' : ''}` : 'local');
    const byQuery = new Map<string, Set<string>>();
    for (const rule of IDLE_RULE_TABLE) byQuery.set(rule.query.query, (byQuery.get(rule.query.query) ?? new Set()).add(runsWhere(rule)));
    expect([...byQuery].filter(([, where]) => where.size > 1)).toEqual([]);
  });

  it('the rules that read the bill alone are those Athena runs, through their queries\' Athena twins; the bill-only ids are the idle.billOnly rules among them', () => {
    const billRules = IDLE_RULE_TABLE.filter((r) => r.reads === 'bill');
    expect(ids(billRules)).toEqual(['eip-idle-address', 'bill-ebs-without-instances', 'bill-nat-without-traffic', 'bill-lb-without-traffic']);
    expect(ids(IDLE_RULE_TABLE.filter((r) => queryRegistry().twinOf(r.query.query) !== undefined))).toEqual(ids(billRules));
    expect(queryNames('athena')).toEqual(['optimisation/idle_elastic_ips', 'optimisation/idle_volumes_from_bill', 'optimisation/idle_gateways_from_bill']);
    expect(queryNames('athena', withoutBillOnly)).toEqual(['optimisation/idle_elastic_ips']);
    expect([...BILL_ONLY_RULE_IDS]).toEqual(ids(billRules.filter((r) => r.reads === 'bill' && r.billOnly)));
    expect([...BILL_ONLY_RULE_IDS]).toEqual(['bill-ebs-without-instances', 'bill-nat-without-traffic', 'bill-lb-without-traffic']);
    // The bill-only rules share one switch and one look-back.
    expect(billRules.filter((r) => r.reads === 'bill' && r.billOnly).map((r) => r.lookbackDays(config))).toEqual([7, 7, 7]);
  });

  it('the rules not run on Athena are every rule that reads metrics or the inventory, each with what it reads and its kind\'s look-back', () => {
    expect(RULES_NOT_ON_ATHENA).toEqual(ids(IDLE_RULE_TABLE.filter((r) => r.reads !== 'bill')));
    expect(IDLE_RULE_TABLE.filter((r) => r.reads !== 'bill').map((r) => [r.id, r.reads, r.kind, r.lookbackDays(config)])).toEqual([
      ['ec2-low-utilisation', 'metrics', 'ec2-instance', 14], ['ebs-unattached', 'inventory', 'ebs-volume', 7], ['ebs-low-iops', 'metrics', 'ebs-volume', 7],
      ['lb-no-healthy-targets', 'metrics', 'load-balancer', 7], ['lb-low-requests', 'metrics', 'load-balancer', 7], ['rds-no-connections', 'metrics', 'rds-instance', 7],
      ['nat-no-traffic', 'metrics', 'nat-gateway', 7],
    ]);
  });

  it('the metrics whose coverage idle reads are the metric rules\' own, each once, and each rule names a metric of its need', () => {
    const needs = idleMetricNeeds(config);
    expect(needs.map((n) => [n.what, n.minDays, n.lookbackDays])).toEqual([
      ['EC2 CPU', 4, 14], ['EBS I/O', 7, undefined], ['load balancer', 7, undefined], ['RDS connection', 7, undefined], ['NAT gateway', 7, undefined],
    ]);
    for (const rule of IDLE_RULE_TABLE) {
      if (rule.reads !== 'metrics') continue;
      const need = rule.need(config);
      expect(needs.map((n) => n.what)).toContain(need.what);
      expect(need.metricNames.some((name) => rule.source.includes(name))).toBe(true);
    }
  });

  it('the look-backs billed_resources counts each kind over, for the rules not run, are the rules\' own days from the table', () => {
    expect(billedResourcesDays(config)).toEqual({ ec2_days: '14', rds_days: '7', ebs_days: '7', load_balancer_days: '7', nat_days: '7' });
    // Every section's days distinct: each kind takes its rules' (those not-run.ts used to write by hand), the bill-only and Elastic IP days none.
    const distinct = idleConfigSchema.parse({
      ec2: { lookbackDays: 21 }, ebs: { days: 9 }, elasticIp: { days: 2 }, loadBalancer: { days: 11 }, rds: { days: 3 }, natGateway: { days: 5 }, billOnly: { days: 30 },
    });
    expect(billedResourcesDays(distinct)).toEqual({ ec2_days: '21', rds_days: '3', ebs_days: '9', load_balancer_days: '11', nat_days: '5' });
    // The rules of one kind (EBS: unattached and low I/O; load balancers: no healthy targets and low requests) look back alike.
    const daysByKind = new Map<string, Set<number>>();
    for (const rule of READING_RULES) daysByKind.set(rule.kind, (daysByKind.get(rule.kind) ?? new Set()).add(rule.lookbackDays(distinct)));
    expect([...daysByKind].filter(([, days]) => days.size > 1)).toEqual([]);
    // A kind no rule judges is not counted; a rule of a kind the query does not count is a bug.
    expect(billedResourcesDays(distinct, READING_RULES.filter((r) => r.kind !== 'nat-gateway')).nat_days).toBe('0');
    const eipAsReading = { ...idleRule('eip-idle-address'), reads: 'inventory', source: 'x' } as unknown as IdleReadingRule;
    expect(() => billedResourcesDays(config, [eipAsReading])).toThrow(expect.objectContaining({ code: 'internal', message: expect.stringContaining('eip-idle-address judges elastic-ip') }));
  });
});
