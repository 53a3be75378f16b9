import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REAL_LEGACY_CSV } from './cli.ts';

/** The real legacy CUR CSV as lines (header first). */
export function realLegacyLines(): string[] {
  return readFileSync(REAL_LEGACY_CSV, 'utf8').split('\n').filter((l) => l.length > 0);
}

export interface LegacyReportOptions {
  /** Files of the current assembly: each a CSV text to gzip. */
  current: string[];
  /** Files of an older assembly that the current manifest does not list. */
  stale?: string[];
  /** Keys to list in reportKeys that do not exist on disk. */
  missingKeys?: string[];
}

/**
 * Writes a legacy CUR report folder as AWS delivers it:
 * `reports/<report>/20231101-20231201/<report>-Manifest.json` naming
 * `<assemblyId>/<report>-0000N.csv.gz`, and optionally a stale older assembly.
 */
export function writeLegacyReport(root: string, options: LegacyReportOptions): string {
  const report = 'anon-cur';
  const periodDir = join(root, 'reports', report, '20231101-20231201');
  const write = (assembly: string, texts: string[]) => {
    mkdirSync(join(periodDir, assembly), { recursive: true });
    return texts.map((text, i) => {
      const name = `${report}-${String(i + 1).padStart(5, '0')}.csv.gz`;
      writeFileSync(join(periodDir, assembly, name), gzipSync(text));
      return `reports/${report}/20231101-20231201/${assembly}/${name}`;
    });
  };
  if (options.stale) {
    const staleKeys = write('0a0a0a0a-stale', options.stale);
    writeFileSync(join(periodDir, '0a0a0a0a-stale', `${report}-Manifest.json`), JSON.stringify(manifest(report, '0a0a0a0a-stale', staleKeys)));
  }
  const keys = [...write('1b1b1b1b-current', options.current), ...(options.missingKeys ?? [])];
  writeFileSync(join(periodDir, `${report}-Manifest.json`), JSON.stringify(manifest(report, '1b1b1b1b-current', keys)));
  return join(root, 'reports', report);
}

function manifest(report: string, assemblyId: string, reportKeys: string[]) {
  return {
    assemblyId,
    account: '123412340534',
    columns: [{ category: 'lineItem', name: 'UnblendedCost', type: 'BigDecimal' }],
    charset: 'UTF-8',
    compression: 'GZIP',
    contentType: 'text/csv',
    reportId: 'f'.repeat(64),
    reportName: report,
    billingPeriod: { start: '20231101T000000.000Z', end: '20231201T000000.000Z' },
    bucket: 'example-cur-bucket',
    reportKeys,
    additionalArtifactKeys: [],
  };
}
