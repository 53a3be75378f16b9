/**
 * The messages of a weekly report run on the shared demo (`runWeeklyReport({ audience: 'all' })`
 * on its store of cur2, metrics and inventory, with demoConfigs(truth, report)) and the
 * recipients of each, built once for every run of the suite and kept in the temp folder like the
 * cached stores (helpers/cached-stores.ts): keyed by the shared demo (its files' state), the
 * configs made of it and the report section, and everything else the build reads (src/, queries/,
 * data/, the installed packages), so any change
 * to the report builds them again. For tests of what becomes of the composed messages (how their
 * HTML renders once sent, where it links), not of the build itself (weekly-emails-*.test.ts and
 * the other report tests): the build reads the store only, so these are its very bytes.
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

/** One composed message and the addresses the run would send it to. */
export interface RunMessage {
  message: ReportMessage;
  recipients: string[];
}

/** A run's message as JSON: its attachments' bytes in base64. */
type Stored = { message: Omit<ReportMessage, 'attachments'> & { attachments: (Omit<ReportMessage['attachments'][number], 'content'> & { content: string })[] }; recipients: string[] };

const STORE_FILES = ['cur2', 'metrics.csv', 'inventory.csv'];

/** The messages, in the run's order, of the weekly report of the shared demo with the `report` config section (see the module's comment). */
export async function cachedWeeklyRun(demoDir: string, report: Record<string, unknown>): Promise<RunMessage[]> {
  const configs = demoConfigs(readTruth(demoDir), report);
  const storeFiles = STORE_FILES.map((file) => join(demoDir, file));
  const key = createHash('sha256')
    .update(JSON.stringify(['weekly-run', demoDir, STORE_FILES, statesOfPaths(storeFiles), configs, 'all', installedPackages()]))
    .update(sourceHash(['src', 'queries', 'data']))
    .digest('hex').slice(0, 16);
  const target = await builtOnce(join(tmpdir(), `costlens-fixture-${key}.json`), async (scratch) => {
    const run = await runWeeklyReport({
      storePath: await cachedDemoStore(demoDir, STORE_FILES), configs, catalogue: loadInstanceCatalogue(), audience: 'all',
    });
    // Not sending, the run builds every audience's message.
    const stored: Stored[] = run.messages.map(({ message, recipients }) => ({ message: message!, recipients })).map(({ message, recipients }) => ({
      message: { ...message, attachments: message.attachments.map((a) => ({ ...a, content: a.content.toString('base64') })) }, recipients,
    }));
    writeFileSync(scratch, JSON.stringify(stored));
  });
  return (JSON.parse(readFileSync(target, 'utf8')) as Stored[]).map(({ message, recipients }) => ({
    message: { ...message, attachments: message.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })) }, recipients,
  }));
}
