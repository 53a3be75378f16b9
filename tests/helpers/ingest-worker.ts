/**
 * A writer process for race tests: reads one path per stdin line, ingests it into the store named
 * by argv[2] (the library call `costlens ingest` makes) and answers `ok` or `error <message>`.
 */
import { createInterface } from 'node:readline';
import { ingestPaths } from '../../src/ingest/loader.ts';
import { messageOf } from '../../src/errors.ts';

const store = process.argv[2];
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === '') break;
  try {
    await ingestPaths(store, [line], { waitMs: 60_000 });
    process.stdout.write('ok\n');
  } catch (error) {
    process.stdout.write(`error ${messageOf(error).split('\n')[0]}\n`);
  }
}
