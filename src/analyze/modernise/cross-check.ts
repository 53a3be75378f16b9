/**
 * `costlens idle` and `costlens rightsize` at the modernisation's as-of, with the same `idle:` and
 * `rightsizing:` config those commands read, so that modernise leaves out what they supersede. On
 * Athena, which holds the bill alone, idle runs the rules that read the bill (the idle addresses and
 * the bill-only rules, as `costlens idle --engine athena` does) and rightsizing, every part of which
 * reads metrics, is not run: the report names what was not checked.
 */
import { loadInstanceCatalogue, type InstanceCatalogue } from '../../catalogue/ec2.ts';
import type { Engine } from '../../engine/engine.ts';
import { sharingReads } from '../../engine/shared-reads.ts';
import { CostlensError, messageOf } from '../../errors.ts';
import { IDLE_RULES } from '../findings.ts';
import { BILL_ONLY_RULE_IDS, findIdleResources, type IdleRuleNotRun } from '../idle/index.ts';
import type { IdleConfig, RightsizingConfig } from '../optimisation-config.ts';
import { recommendRightsizing } from '../rightsizing/index.ts';
import type { SupersedingCheck, SupersedingSource } from './find.ts';


/** The queries idle and rightsizing both run, with the same parameters when their windows agree. */
const SHARED_READS = ['calendar/data_horizon', 'calendar/billing_period_days', 'optimisation/instance_costs', 'optimisation/instance_commitments'];

/**
 * What modernise on Athena did not check, and what it did: `not checked against costlens rightsize
 * nor costlens idle's rules that read metrics or the inventory (ec2-low-utilisation, …): …
 * (--engine athena); checked against idle's rules that read the bill (eip-idle-address, …)`.
 * `notRun` is idle's report's (the rules Athena does not run); the rules checked are the others
 * that `idle` enables (the bill-only ones with `idle.billOnly.enabled`).
 */
export function notCheckedOnAthena(notRun: readonly Pick<IdleRuleNotRun, 'rule'>[], idle: Pick<IdleConfig, 'billOnly'>): string {
  const notRunRules = new Set(notRun.map((r) => r.rule));
  const checked = IDLE_RULES.filter((rule) => !notRunRules.has(rule) && (idle.billOnly.enabled || !BILL_ONLY_RULE_IDS.has(rule)));
  return `not checked against costlens rightsize nor costlens idle's rules that read metrics or the inventory (${[...notRunRules].join(', ')}):`
    + ' they read CloudWatch metrics and the inventory, which only the local store holds (--engine athena);'
    + ` checked against idle's rules that read the bill (${checked.join(', ')})`;
}

/** Re-throws an idle or rightsizing failure naming this step (`what`), with its code and hint. */
function namingTheStep<T>(what: string, asOf: string, run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    const code = error instanceof CostlensError ? error.code : 'internal';
    throw new CostlensError(code, `modernise: running ${what} as of ${asOf} (to leave out what they supersede) failed: ${messageOf(error)}`, {
      hint: error instanceof CostlensError ? error.hint : undefined, cause: error,
    });
  });
}

/**
 * Runs idle and rightsizing on `engine` at the as-of it is given, both at once; on Athena, idle's
 * rules that read the bill alone, and says what it did not check (rightsizing and idle's other
 * rules: they read metrics and inventory Athena does not hold). Their errors are re-thrown naming
 * this step, with their code and hint.
 */
export function idleAndRightsizing(engine: Engine, config: { idle: IdleConfig; rightsizing: RightsizingConfig }, instances?: InstanceCatalogue): SupersedingSource {
  if (engine.name === 'athena') {
    return {
      at: (asOf) => namingTheStep('idle\'s rules that read the bill', asOf, async (): Promise<SupersedingCheck> => {
        const idle = await findIdleResources(engine, config.idle, { asOf });
        return { idle: idle.findings, rightsizing: [], checkedAgainst: ['idle'], notChecked: notCheckedOnAthena(idle.notRun, config.idle) };
      }),
    };
  }
  return {
    at: (asOf) => namingTheStep('idle and rightsizing', asOf, async () => {
      // Both read the calendar, and (over the same window when their look-backs agree) the instances' costs and commitments: each runs once.
      const reads = sharingReads(engine, SHARED_READS);
      const [idle, rightsizing] = await Promise.all([
        findIdleResources(reads, config.idle, { asOf }),
        recommendRightsizing(reads, instances ?? loadInstanceCatalogue(), config.rightsizing, { asOf }),
      ]);
      return { idle: idle.findings, rightsizing: rightsizing.recommendations };
    }),
  };
}
