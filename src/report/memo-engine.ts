import type { RawParams } from '../engine/duckdb.ts';
import type { Engine, QueryRows } from '../engine/engine.ts';
import { ascending } from '../lib/order.ts';

/**
 * An Engine that answers a repeated (query, parameters) from memory: the report calls several
 * analysers over the same weeks (attribution and coverage read the same aggregates), and within
 * one report run the store does not change. Closing it does not close the engine it wraps.
 */
export function memoEngine(engine: Engine): Engine {
  const results = new Map<string, Promise<QueryRows>>();
  return {
    name: engine.name,
    run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
      const defined = Object.entries(params).filter(([, v]) => v !== undefined).sort(([a], [b]) => ascending(a, b));
      const key = `${queryName}\u0000${JSON.stringify(defined)}`;
      let result = results.get(key);
      if (!result) {
        result = engine.run(queryName, params);
        result.catch(() => results.delete(key));
        results.set(key, result);
      }
      return result;
    },
    async close(): Promise<void> {
      results.clear();
    },
  };
}
