/**
 * A lighter store for the tests of sending the weekly report (the ledger, retries, SES, runs killed
 * while sending): the shared demo's bill from Monday 2026-10-19 to its last day (2026-11-14), the
 * report week 2026-W45, the week before it and the unfinished 2026-W46, without the metrics and
 * inventory that only the savings read. A report run on it builds in about half the CPU of the
 * whole demo (1.1 against 2.0 CPU-s), and what those tests check (who is sent what, the ledger, the
 * figures they compute from the same store by SQL) does not depend on the weeks left out.
 * The cut bill is made once per demo file (keyed by its state and the installed packages:
 * helpers/cache-inputs.ts) and the store once per source (helpers/cached-stores.ts);
 * callers get a private copy to write to.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoAttribution, readTruth } from '../report/helpers.ts';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { builtOnce, storeCopy } from './cached-stores.ts';
import { cutCurParquet } from './cli.ts';

/** The first day kept: the Monday three weeks before the report week 2026-W45. */
export const RECENT_FROM = '2026-10-19';

const DATA = 'cur2/exports/costlens-demo-cur2/data';
const periodFile = (demoDir: string, period: string) => join(demoDir, DATA, `BILLING_PERIOD=${period}`, 'costlens-demo-cur2-00001.snappy.parquet');

/** The demo's CUR 2.0 lines from {@link RECENT_FROM} on: October cut at that day, November whole. */
async function recentBill(demoDir: string): Promise<string[]> {
  const october = periodFile(demoDir, '2026-10');
  const key = createHash('sha256')
    .update(JSON.stringify(['recent-demo-bill', demoDir, statesOfPaths([october]), RECENT_FROM, cutCurParquet.toString(), installedPackages()]))
    .digest('hex').slice(0, 16);
  const folder = await builtOnce(join(tmpdir(), `costlens-fixture-${key}`), async (scratch) => {
    mkdirSync(scratch);
    await cutCurParquet(october, join(scratch, 'october-from-19.snappy.parquet'), RECENT_FROM, '2026-11-01');
  });
  return [join(folder, 'october-from-19.snappy.parquet'), periodFile(demoDir, '2026-11')];
}

/** A private copy of the recent demo bill ingested (in one `costlens ingest`), with the demo's attribution config beside it. */
export async function recentDemoStore(demoDir: string): Promise<{ dir: string; db: string; config: string }> {
  const { dir, db } = await storeCopy([await recentBill(demoDir)]);
  const config = join(dir, 'costlens.config.json');
  writeFileSync(config, JSON.stringify({ attribution: demoAttribution(readTruth(demoDir)) }));
  return { dir, db, config };
}
