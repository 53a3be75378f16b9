/**
 * `costlens idle` and `costlens rightsize` at the modernisation's as-of, with the same `idle:` and
 * `rightsizing:` config those commands read, so that modernise leaves out what they supersede.
 */
import { loadInstanceCatalogue, type InstanceCatalogue } from '../../catalogue/ec2.ts';
import type { Engine } from '../../engine/engine.ts';
import { CostlensError, messageOf } from '../../errors.ts';
import { findIdleResources } from '../idle/index.ts';
import type { IdleConfig, RightsizingConfig } from '../optimisation-config.ts';
import { recommendRightsizing } from '../rightsizing/index.ts';
import type { SupersedingSource } from './find.ts';

/** Why Athena runs are not checked: idle and rightsizing read what only the local store holds. */
export const NOT_CHECKED_ON_ATHENA = 'not checked against costlens idle and costlens rightsize: they read metrics and inventory that only the local store holds (--engine athena)';

/**
 * Runs idle and rightsizing on `engine` at the as-of it is given, both at once; on Athena, says why
 * it cannot (the report then keeps every finding and carries that reason in `notChecked`). Their
 * errors are re-thrown naming this step, with their code and hint.
 */
export function idleAndRightsizing(engine: Engine, config: { idle: IdleConfig; rightsizing: RightsizingConfig }, instances?: InstanceCatalogue): SupersedingSource {
  if (engine.name === 'athena') return { unavailable: NOT_CHECKED_ON_ATHENA };
  return {
    async at(asOf) {
      try {
        const [idle, rightsizing] = await Promise.all([
          findIdleResources(engine, config.idle, { asOf }),
          recommendRightsizing(engine, instances ?? loadInstanceCatalogue(), config.rightsizing, { asOf }),
        ]);
        return { idle: idle.findings, rightsizing: rightsizing.recommendations };
      } catch (error) {
        const code = error instanceof CostlensError ? error.code : 'internal';
        throw new CostlensError(code, `modernise: running idle and rightsizing as of ${asOf} (to leave out what they supersede) failed: ${messageOf(error)}`, {
          hint: error instanceof CostlensError ? error.hint : undefined, cause: error,
        });
      }
    },
  };
}
