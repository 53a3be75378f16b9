/**
 * `costlens sql`'s reading of a store (helpers/cli.ts sqlRows: the store opened read-only and
 * confined to itself, the same statement check, each cell as DuckDB's text) for a test that asks
 * many statements of one store it does not change meanwhile: the store is opened once, and each
 * statement runs on a connection of its own (so statements may run side by side), instead of
 * opening and admitting the store again for every statement (some 30 ms of CPU each).
 * Close it before anything in this process writes to the store.
 */
import { resultToTable } from '../../src/lib/table.ts';
import { runReadOnlySql } from '../../src/store/read-only-sql.ts';
import { openStore, type Store } from '../../src/store/open.ts';

export interface StoreReader {
  /** Rows of a read-only statement, as sqlRows returns them. */
  rows(sql: string): Promise<Record<string, string | null>[]>;
  /** Closes the store (opened on the first statement); waits for the statements under way. */
  close(): Promise<void>;
}

export function storeReader(db: string): StoreReader {
  let opened: Promise<Store> | null = null;
  const running = new Set<Promise<unknown>>();
  return {
    rows(sql: string) {
      const work = (async () => {
        const store = await (opened ??= openStore(db, { readOnly: true }));
        const connection = await store.connect();
        try {
          const table = resultToTable(await runReadOnlySql(connection, sql));
          return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
        } finally {
          connection.closeSync();
        }
      })();
      running.add(work);
      void work.then(() => running.delete(work), () => running.delete(work));
      return work;
    },
    async close() {
      await Promise.allSettled([...running]);
      const store = opened;
      opened = null;
      if (store) (await store).close();
    },
  };
}
