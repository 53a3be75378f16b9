/**
 * One analysis often runs the same named query with the same parameters more than once: modernise
 * runs idle and rightsizing, which each read the calendar and the instances' costs and commitments
 * over the same window; commitments reads the same look-back for the expiry calendar and the
 * purchase advice; the weekly report's sections and alerts' sources read the same aggregates. On a
 * store that does not change meanwhile (a CLI run's store, a server snapshot) the second run gives
 * the very rows of the first: {@link sharingReads} runs it once.
 */
import type { RawParams } from './duckdb.ts';
import type { Engine, QueryRows } from './engine.ts';
import { ascending } from '../lib/order.ts';

/** The parameters as a key: every name given a value, in name order (a value left undefined is a name left out, as the engines bind it). */
function paramsKey(params: RawParams | undefined): string {
  return JSON.stringify(Object.entries(params ?? {}).filter(([, value]) => value !== undefined).sort(([a], [b]) => ascending(a, b)));
}

/**
 * `engine`, but each query named in `queries` (every query when it is left out) runs once per distinct parameters for as long as the
 * returned engine is used: a later (or concurrent) run with the same parameters gets the first run's
 * rows (a list of its own, the rows themselves shared: callers only read them), and a failed run is
 * run again the next time. Other queries go to `engine` as they are; close() forgets the rows kept and
 * leaves `engine` open (its owner closes it). Only for reads of one analysis on a store that does not
 * change while it runs.
 */
export function sharingReads(engine: Engine, queries?: readonly string[]): Engine {
  const shared = queries === undefined ? undefined : new Set(queries);
  const runs = new Map<string, Promise<QueryRows>>();
  return {
    name: engine.name,
    async run(queryName: string, params?: RawParams): Promise<QueryRows> {
      if (shared && !shared.has(queryName)) return engine.run(queryName, params);
      const key = `${queryName}\u0000${paramsKey(params)}`;
      let run = runs.get(key);
      if (!run) {
        run = engine.run(queryName, params);
        runs.set(key, run);
        run.catch(() => runs.delete(key));
      }
      const { columns, rows } = await run;
      return { columns: [...columns], rows: [...rows] };
    },
    async close(): Promise<void> {
      runs.clear();
    },
  };
}
