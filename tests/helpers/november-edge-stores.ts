/**
 * The stores of the real November 2018 CUR at its two edges (tests/helpers/derived-files.ts): one
 * whose data begins on 10 Nov (realNovemberFrom10th) and one cut at 20 Nov 12:00, whose data
 * horizon is 19 Nov (realNovemberTo20thNoon). Files and stores are made once per machine and shared
 * (cachedStore): callers only read them.
 */
import { beforeAll } from 'vitest';
import { cachedStore } from './cached-stores.ts';
import { realNovemberFrom10th, realNovemberTo20thNoon } from './derived-files.ts';

/** Both edge files (`from10`, `to20`) and the store of each (`from10Db`, `to20Db`). */
export interface NovemberEdgeStores {
  readonly from10: string;
  readonly to20: string;
  readonly from10Db: string;
  readonly to20Db: string;
}

/** The two edge files and their cached stores, built on first use. */
export async function novemberEdgeStores(): Promise<NovemberEdgeStores> {
  const [from10, to20] = [await realNovemberFrom10th(), await realNovemberTo20thNoon()];
  return { from10, to20, from10Db: await cachedStore([[from10]]), to20Db: await cachedStore([[to20]]) };
}

/**
 * Registers a beforeAll (in the calling describe) that builds {@link novemberEdgeStores}; the
 * returned object reads them from then on and throws if read earlier.
 */
export function useNovemberEdgeStores(): NovemberEdgeStores {
  let built: NovemberEdgeStores | undefined;
  beforeAll(async () => {
    built = await novemberEdgeStores();
  }, 600_000);
  const stores = (): NovemberEdgeStores => {
    if (!built) throw new Error('the November edge stores are built in beforeAll: use them inside a test or hook');
    return built;
  };
  return {
    get from10() { return stores().from10; },
    get to20() { return stores().to20; },
    get from10Db() { return stores().from10Db; },
    get to20Db() { return stores().to20Db; },
  };
}
