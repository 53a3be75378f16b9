import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDuckDB, instanceSettings } from '../../src/store/duckdb-settings.ts';
import { migrateStore } from '../../src/store/migrate.ts';
import { loadTelemetryUnit } from '../../src/ingest/telemetry-loader.ts';
import type { IngestUnit } from '../../src/ingest/units.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/**
 * Metrics and inventory rows that share a key were loaded with all but one dropped silently
 * (SELECT DISTINCT ON, keeping an arbitrary one), and business metrics with an empty date or
 * metric cell were loaded. Two rows with one key and different values are now refused naming both
 * lines; rows that repeat one another exactly are loaded once and counted; an empty business
 * metric cell is refused naming the file, line and column. A refused ingest leaves the store as it was.
 */
const METRICS = 'resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit';
const INVENTORY = 'resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at';
const HINT = 'keep one of the lines (lines that repeat one another exactly are loaded once); fix or re-export the file; nothing was written to the store';
const CPU = 'i-1,AWS/EC2,CPUUtilization,Average,86400';
const VOL = 'vol-1,111122223333,eu-west-1,AmazonEC2,volume,gp3';

describe('metrics, inventory and business metrics sharing a key: conflicts refused, exact repeats counted, the store untouched', () => {
  const { dir, db } = tempStore();
  const file = (name: string, header: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
    return path;
  };
  const held = async () => [
    await sqlRows(db, `SELECT resource_id, CAST(timestamp AS VARCHAR) AS at, CAST(value AS VARCHAR) AS value FROM metrics ORDER BY 1, 2`),
    await sqlRows(db, `SELECT resource_id, state, CAST(observed_at AS VARCHAR) AS at FROM resources ORDER BY 1, 3`),
    await sqlRows(db, `SELECT CAST(date AS VARCHAR) AS date, metric, CAST(value AS VARCHAR) AS value FROM business_metrics ORDER BY 1, 2`),
  ];
  const before = [
    [{ resource_id: 'i-1', at: '2026-11-01 00:00:00', value: '5.0' }],
    [{ resource_id: 'vol-1', state: 'in-use', at: '2026-11-01 00:00:00' }],
    [{ date: '2026-11-01', metric: 'orders', value: '5.0' }],
  ];
  const refused = async (paths: string[], message: string, hint = HINT) => {
    const run = await costlens(db, 'ingest', ...paths);
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', `costlens: ${message}\n  hint: ${hint}\n`]);
    expect(await held()).toEqual(before);
  };

  beforeAll(async () => {
    const first = await costlens(db, 'ingest',
      file('m0.csv', METRICS, [`${CPU},2026-11-01T00:00:00Z,5,Percent`]),
      file('inv0.csv', INVENTORY, [`${VOL},in-use,i-1,{},2026-11-01T00:00:00Z`]),
      file('bm0.csv', 'date,metric,value', ['2026-11-01,orders,5']));
    expect(first.code, first.stderr).toBe(0);
    expect(await held()).toEqual(before);
  });

  it('two metric values for one key in one file: the file and both lines, the store untouched (one of them was kept before)', async () => {
    const path = file('m1.csv', METRICS, [`${CPU},2026-11-01T00:00:00Z,7,Percent`, `${CPU},2026-11-02T00:00:00Z,3,Percent`, `${CPU},2026-11-01 00:00:00,9,Percent`]);
    await refused([path], `${path}: lines 2 and 4 both give AWS/EC2 CPUUtilization (Average, 86400 s) of i-1 at 2026-11-01 00:00:00, with different values: a metric has one value per resource, namespace, metric, statistic, period and timestamp`);
  });

  it('the same key in two files of one ingest: each file and line', async () => {
    const a = file('ma.csv', METRICS, [`${CPU},2026-11-03T00:00:00Z,1,Percent`]);
    const b = file('mb.csv', METRICS, [`${CPU},2026-11-02T00:00:00Z,1,Percent`, `${CPU},2026-11-03T00:00:00Z,2,Percent`]);
    await refused([a, b], `${a}:2 and ${b}:3 both give AWS/EC2 CPUUtilization (Average, 86400 s) of i-1 at 2026-11-03 00:00:00, with different values: a metric has one value per resource, namespace, metric, statistic, period and timestamp`);
  });

  it('one resource observed at one time with different attributes: both lines', async () => {
    const path = file('inv1.csv', INVENTORY, [`${VOL},in-use,i-1,{},2026-11-02T00:00:00Z`, `${VOL},available,,{},2026-11-02T00:00:00Z`]);
    await refused([path], `${path}: lines 2 and 3 both give resource vol-1 observed at 2026-11-02 00:00:00, with different values: a resource observed at one time has one set of attributes`);
    const tags = file('inv2.csv', INVENTORY, [`${VOL},in-use,i-1,"{""team"":""a""}",2026-11-02T00:00:00Z`, `${VOL},in-use,i-1,"{""team"":""b""}",2026-11-02T00:00:00Z`]);
    await refused([tags], `${tags}: lines 2 and 3 both give resource vol-1 observed at 2026-11-02 00:00:00, with different values: a resource observed at one time has one set of attributes`);
  });

  it('a business metric line with an empty date, metric or value: the file, line and column', async () => {
    const hint = 'fix or re-export the file; nothing was written to the store';
    const noMetric = file('bm1.csv', 'date,metric,value', ['2026-11-02,orders,1', '2026-11-03,,4']);
    await refused([noMetric], `${noMetric}:3: column "metric" is empty: a business metric gives a date, a metric and a value on every line`, hint);
    const noDate = file('bm2.csv', 'date,metric,value', [',orders,4']);
    await refused([noDate], `${noDate}:2: column "date" is empty: a business metric gives a date, a metric and a value on every line`, hint);
    const noValue = file('bm3.csv', 'date,metric,value', ['2026-11-04,orders,']);
    await refused([noValue], `${noValue}:2: column "value" is empty: a business metric gives a date, a metric and a value on every line`, hint);
  });

  it('exact repeats load once, and the ingest still replaces the stored key', async () => {
    const metrics = file('m2.csv', METRICS, [`${CPU},2026-11-01T00:00:00Z,6,Percent`, `${CPU},2026-11-01T00:00:00Z,6,Percent`, `${CPU},2026-11-02T00:00:00Z,4,Percent`]);
    const inventory = file('inv3.csv', INVENTORY, [`${VOL},in-use,i-1,"{""a"":""1"",""b"":""2""}",2026-11-01T00:00:00Z`, `${VOL},in-use,i-1,"{""b"":""2"",""a"":""1""}",2026-11-01T00:00:00Z`]);
    const run = await costlens(db, 'ingest', metrics, inventory);
    expect(run.code, run.stderr).toBe(0);
    expect((await held()).slice(0, 2)).toEqual([
      [{ resource_id: 'i-1', at: '2026-11-01 00:00:00', value: '6.0' }, { resource_id: 'i-1', at: '2026-11-02 00:00:00', value: '4.0' }],
      [{ resource_id: 'vol-1', state: 'in-use', at: '2026-11-01 00:00:00' }],
    ]);
  });
});

describe('loadTelemetryUnit counts the rows that repeat another exactly', () => {
  const { dir } = tempStore();
  it('3 lines, one an exact repeat: 2 rows written, 1 duplicate', async () => {
    const path = join(dir, 'm.csv');
    writeFileSync(path, `${METRICS}\n${CPU},2026-11-01T00:00:00Z,6,Percent\n${CPU},2026-11-01T00:00:00Z,6,Percent\n${CPU},2026-11-02T00:00:00Z,4,Percent\n`);
    const instance = await createDuckDB(':memory:', instanceSettings());
    const connection = await instance.connect();
    try {
      await migrateStore(connection);
      const unit: IngestUnit = { format: 'metrics', origin: path, files: [{ original: path, plain: path, bytes: statSync(path).size, entry: 0 }] };
      expect(await loadTelemetryUnit(connection, unit, () => undefined)).toEqual({ table: 'metrics', rows: 2, duplicates: 1 });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('costlens ingest says how many exact repeats it loaded once', () => {
  const { dir, db } = tempStore();
  it('a metrics file with one line twice: "2 rows into metrics (1 file; 1 exact repeat loaded once)", and duplicates 1 in --json', async () => {
    const path = join(dir, 'metrics.csv');
    writeFileSync(path, `${METRICS}\n${CPU},2026-11-01T00:00:00Z,6,Percent\n${CPU},2026-11-01T00:00:00Z,6,Percent\n${CPU},2026-11-02T00:00:00Z,4,Percent\n`);
    const run = await costlens(db, 'ingest', path, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).telemetry.map((t: { table: string; rows: number; duplicates: number }) => [t.table, t.rows, t.duplicates])).toEqual([['metrics', 2, 1]]);
    const again = await costlens(db, 'ingest', path);
    expect(again.stdout).toContain('metrics: 2 rows into metrics (1 file; 1 exact repeat loaded once)\n');
  });
});
