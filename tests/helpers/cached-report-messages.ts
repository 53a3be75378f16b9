/**
 * The demo's weekly report e-mails (2026-W45, finance and engineering, the demo's attribution
 * config) as `runWeeklyReport` composes them, built once for every run of the suite and kept in
 * the temp folder like the cached stores (helpers/cached-stores.ts): keyed by the shared demo (its
 * files' state), the configs and everything else the build reads (src/, queries/, data/, the
 * installed packages), so any change
 * to the report builds them again. For tests that need real composed messages as the payload of a
 * send (tests/report/crash-safety.test.ts) and check the sending, not the figures: the build itself
 * is tested by weekly-emails-*.test.ts and the other report tests.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import type { ReportMessage } from '../../src/report/message.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { demoConfigs, readTruth } from '../report/helpers.ts';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { builtOnce, cachedDemoStore } from './cached-stores.ts';
import { sourceHash } from './source-hash.ts';

/** A message as JSON: its attachments' bytes in base64. */
type StoredMessage = Omit<ReportMessage, 'attachments'> & { attachments: (Omit<ReportMessage['attachments'][number], 'content'> & { content: string })[] };

const STORE_FILES = ['cur2', 'metrics.csv', 'inventory.csv'];

/**
 * The finance and engineering messages of `runWeeklyReport({ audience: 'all' })` on the shared
 * demo's store (cur2, metrics, inventory) with demoConfigs(truth): what crash-safety.test.ts built
 * in its beforeAll, the same bytes (the build reads the store only).
 */
export async function demoWeeklyMessages(demoDir: string): Promise<{ finance: ReportMessage; engineering: ReportMessage }> {
  const configs = demoConfigs(readTruth(demoDir));
  const storeFiles = STORE_FILES.map((file) => join(demoDir, file));
  const key = createHash('sha256')
    .update(JSON.stringify(['weekly-messages', demoDir, STORE_FILES, statesOfPaths(storeFiles), configs, 'all', installedPackages()]))
    .update(sourceHash(['src', 'queries', 'data']))
    .digest('hex').slice(0, 16);
  const target = await builtOnce(join(tmpdir(), `costlens-fixture-${key}.json`), async (scratch) => {
    const built = await runWeeklyReport({
      storePath: await cachedDemoStore(demoDir, STORE_FILES), configs, catalogue: loadInstanceCatalogue(), audience: 'all',
    });
    // Not sending, the run builds every audience's message.
    const stored: StoredMessage[] = built.messages.map(({ message }) => message!).map((message) => ({
      ...message, attachments: message.attachments.map((a) => ({ ...a, content: a.content.toString('base64') })),
    }));
    writeFileSync(scratch, JSON.stringify(stored));
  });
  const [finance, engineering] = (JSON.parse(readFileSync(target, 'utf8')) as StoredMessage[]).map((m): ReportMessage => ({
    ...m, attachments: m.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
  }));
  if (finance?.audience !== 'finance' || engineering?.audience !== 'engineering') throw new Error(`unexpected messages in ${target}`);
  return { finance, engineering };
}
