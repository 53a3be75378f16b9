/**
 * `costlens anomalies --detail` lists an event's drivers at each level as the Overview, the weekly
 * e-mail and the anomaly alerts do (listedEventDrivers, src/analyze/anomalies/events.ts): a driver
 * whose change shows as $0.00 is not listed, it joins the rest, so the rows read as a sum of the
 * total in every column. On the real 2018 files, AWS Glue's drop from 21 Nov 2018 is its two dev
 * endpoints (−$246.94 and −$243.01 to 25 Nov); the analyser's third resource driver,
 * EU-Catalog-Request without a resource id, moved $0.00 and was listed as such, as were two
 * regions of $0.00; RDS's drop of 25 Nov listed us-east-2 at $0.00 and then a rounding line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens } from '../helpers/cli.ts';

const ARGS = ['anomalies', '--as-of', '2018-11-25', '--days', '21', '--by', 'service'];
const MONEY = /(-?)\$([\d,]+)\.(\d\d)/g;

/** One --detail table: its first column's values and the money of each row, in cents (change, volume, rate, new, gone, other). */
interface DetailTable { level: string; names: string[]; rows: bigint[][]; total: bigint[] }

/** The --detail tables of the text output, in order (each: a header naming its level, a rule, rows, the total, `(N rows)`). */
function detailTables(text: string): DetailTable[] {
  const lines = text.split('\n');
  const tables: DetailTable[] = [];
  lines.forEach((line, i) => {
    const header = /^(usage type|resource|region)\s+change\s+volume/.exec(line);
    if (!header) return;
    const body = lines.slice(i + 2, lines.findIndex((l, j) => j > i && /^\(\d+ rows?\)$/.test(l)));
    const money = (l: string) => [...l.matchAll(MONEY)].map((m) => BigInt(`${m[1]}${m[2].replaceAll(',', '')}${m[3]}`));
    const rows = body.filter((l) => !l.startsWith('total '));
    tables.push({ level: header[1], names: rows.map((l) => l.split(/\s{2,}/)[0]), rows: rows.map(money), total: money(body.find((l) => l.startsWith('total '))!) });
  });
  return tables;
}

describe('anomalies --detail on the real 2018 files: no driver listed at $0.00, the rest taking it up', () => {
  let db: string;
  let detail: string;
  let events: Record<string, any>[];

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018], [REAL_NOV_2018]]);
    const run = await costlens(db, ...ARGS, '--detail', '--wide');
    expect(run.code, run.stderr).toBe(0);
    detail = run.stdout;
    const json = await costlens(db, ...ARGS, '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    events = JSON.parse(json.stdout).events;
  }, 600_000);

  it('the analyser\'s drivers of the Glue drop include EU-Catalog-Request at 0.00 (what --detail listed)', () => {
    const glue = events.find((e) => e.id === 'service:AWS Glue:2018-11-21')!;
    expect(glue.drivers.resources.map((d: any) => [d.usageType, d.change])).toEqual([['USE1-DEVED-DPU-Hour', '-246.94'], ['USE1-DEVED-DPU-Hour', '-243.01'], ['EU-Catalog-Request', '0.00']]);
    expect(glue.drivers.regions.map((d: any) => [d.region, d.change])).toEqual([['us-east-1', '-489.95'], ['eu-west-1', '0.00'], ['us-west-2', '0.00']]);
    expect([glue.rest.resources.drivers, glue.rest.resources.change, glue.parts.change]).toEqual([4, '0.00', '-489.95']);
  });

  it('the Glue drop\'s resources: the two dev endpoints, then the other 5 drivers at $0.00, adding up to −$489.95', () => {
    const tables = detailTables(detail);
    expect(tables.map((t) => t.level)).toEqual(['usage type', 'resource', 'region', 'usage type', 'resource', 'region', 'usage type', 'resource', 'region']);
    const [, resources, regions] = tables.slice(3, 6);
    expect(resources.names).toEqual([
      'arn:aws:glue:us-east-1:836060457634:devEndpoint/CUR-NoKey (USE1-DEVED-DPU-Hour)', 'arn:aws:glue:us-east-1:836060457634:devEndpoint/testing (USE1-DEVED-DPU-Hour)', 'rest (5)',
    ]);
    expect(resources.rows.map((r) => r[0])).toEqual([-24694n, -24301n, 0n]);
    expect(resources.total).toEqual([-48995n, 0n, 0n, 0n, -48995n, 0n]);
    expect(regions.names).toEqual(['us-east-1', 'rest (2)']);
    expect(detail).not.toContain('EU-Catalog-Request');
  });

  it('RDS\'s drop: us-east-2 at $0.00 joins the cent the rows\' rounding left, one rest line of $0.01', () => {
    const regions = detailTables(detail)[8];
    expect(regions.names).toEqual(['us-east-1', 'rest (1)']);
    expect(regions.rows).toEqual([[-2994n, 0n, 0n, 0n, -2994n, 0n], [1n, 0n, 0n, 0n, 1n, 0n]]);
    expect(regions.total).toEqual([-2993n, 0n, 0n, 0n, -2993n, 0n]);
  });

  it('in every table, no listed driver shows $0.00, and the rows add up to the total in every column', () => {
    for (const [i, t] of detailTables(detail).entries()) {
      t.names.forEach((name, r) => {
        if (!name.startsWith('rest (') && !name.startsWith('rounding')) expect(t.rows[r][0], `table ${i}: ${name}`).not.toBe(0n);
      });
      const sums = t.total.map((_, c) => t.rows.reduce((s, row) => s + row[c], 0n));
      expect(sums, `table ${i} (${t.level})`).toEqual(t.total);
    }
  });
});
