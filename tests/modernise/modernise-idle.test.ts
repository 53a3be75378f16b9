/**
 * `costlens modernise` leaves out, and lists apart, the findings that idle or rightsizing supersede
 * at the same as-of (tests/modernise/modernise-idle-fixture.ts): a volume idle flags is to be
 * deleted, not migrated; an instance rightsizing downsizes gets that one type change. Figures by hand
 * from the fixture's daily lines and the catalogues (gp2 0.10, gp3 0.08 a GB-month in us-east-1 and
 * us-west-2; m5.xlarge 0.192, m6g.xlarge 0.154 an hour in us-east-1); November has 720 hours:
 *   vol-gp2used   150 GB: 150/30 × 0.10 a day ÷ 24 × 720 = 15.00 a month, saves 15.00 × (1 − 0.08/0.10) = 3.00
 *   vol-gp2loose  100 GB: 10.00 a month, saves 2.00
 *   vol-gp2orphan  50 GB:  5.00 a month, saves 1.00
 *   i-m5busy      m5.xlarge: 0.192 × 730 = 140.16 a month, Graviton twin m6g.xlarge saves 140.16 × (1 − 0.154/0.192) = 27.74
 * Idle's and rightsizing's own figures are theirs (and may change): only their resource sets are asserted here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import { writeConfig } from '../aws/helpers.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { costlens } from '../helpers/cli.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { DuckDBBackedAthena } from '../helpers/duckdb-athena.ts';
import { FAKE_ATHENA_CONFIG, useFakeAthena } from '../helpers/fake-athena.ts';
import { appOn, page } from '../server/helpers.ts';
import { INSTANCE, LOOSE, ORPHAN, ORPHANS, PAYER, USED, writeModerniseIdleFixture } from './modernise-idle-fixture.ts';

/** The stores are only read: a command run again with the same arguments (modernise and idle on either store) gives the first run's output. */
const once = costlensOnce();

async function json<T>(db: string, ...args: string[]): Promise<T> {
  const run = await once(db, ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

const modernise = (db: string, ...args: string[]) => json<ModerniseReport>(db, 'modernise', ...args);
const ids = (items: { resourceId: string | null }[]) => items.map((f) => f.resourceId).sort();

/** The fake Athena of `--engine athena` answering from the bill-only store's lines, as Athena sees the CUR table (tests/helpers/duckdb-athena.ts). */
const athena = new DuckDBBackedAthena();
useFakeAthena({ states: ['FAILED'], reason: 'every query is answered from the fixture\'s bill' }, athena);

describe('modernise leaves out what idle and rightsizing supersede at the same as-of', () => {
  let full: string;
  let bill: string;

  beforeAll(async () => {
    // The fixture's bill with its metrics and inventory, and the bill alone: each ingested once per
    // machine (cached stores, only read here; a failed ingest fails the build).
    full = await cachedStoreOfFolder((dir) => {
      const files = writeModerniseIdleFixture(dir);
      return [files.bill, files.metrics, files.inventory];
    });
    bill = await cachedStoreOfFolder((dir) => writeModerniseIdleFixture(dir).bill);
    await athena.open(bill);
  }, 120_000);

  afterAll(() => athena.close());

  it('with metrics and inventory: the unattached and the bill-only volume are idle\'s, the downsized instance rightsizing\'s; one finding and its figures remain', async () => {
    const report = await modernise(full);
    expect(report.asOf).toBe('2023-12-01');
    expect(report.findings.map((f) => [f.rule, f.resourceId, f.monthlyCost, f.monthlySaving])).toEqual([['ebs-gp2-to-gp3', USED, '15.00', '3.00']]);
    expect([report.totalMonthlyCost, report.totalMonthlySaving, report.totalListMonthlySaving]).toEqual(['15.00', '3.00', '3.00']);
    expect(report.countsByRule).toEqual({ 'ebs-gp2-to-gp3': 1 });
    expect(report.supersededByIdle.map((f) => [f.rule, f.resourceId, f.accountId, f.current, f.target, f.monthlyCost, f.monthlySaving, f.supersededBy.command, f.supersededBy.rule]))
      .toEqual([
        ['ebs-gp2-to-gp3', LOOSE, PAYER, 'gp2', 'gp3', '10.00', '2.00', 'idle', 'ebs-unattached'],
        ['ebs-gp2-to-gp3', ORPHAN, ORPHANS, 'gp2', 'gp3', '5.00', '1.00', 'idle', 'bill-ebs-without-instances'],
      ]);
    expect(report.supersededByRightsizing.map((f) => [f.rule, f.resourceId, f.current, f.target, f.monthlyCost, f.monthlySaving, f.supersededBy.command]))
      .toEqual([['ec2-graviton-twin', INSTANCE, 'm5.xlarge', 'm6g.xlarge', '140.16', '27.74', 'rightsize']]);
    expect([report.checkedAgainst, report.notChecked]).toEqual([['idle', 'rightsize'], null]);

    // The sets are exactly what `costlens idle` and `costlens rightsize` list for these resources, with their rules and actions.
    const idle = await json<{ rule: string; resourceId: string | null; action: string }[]>(full, 'idle');
    expect(ids(idle)).toEqual([LOOSE, ORPHAN]);
    for (const f of report.supersededByIdle) {
      const i = idle.find((x) => x.resourceId === f.resourceId)!;
      expect([f.supersededBy.rule, f.supersededBy.action, f.note]).toEqual([i.rule, i.action, `the resource is idle (${i.rule}): ${i.action}; see costlens idle`]);
    }
    const rightsize = await json<{ rule: string; resourceId: string; recommendedType: string; action: string }[]>(full, 'rightsize');
    expect(ids(rightsize)).toEqual([INSTANCE]);
    expect([report.supersededByRightsizing[0].supersededBy.rule, report.supersededByRightsizing[0].supersededBy.target, report.supersededByRightsizing[0].supersededBy.action])
      .toEqual([rightsize[0].rule, rightsize[0].recommendedType, rightsize[0].action]);
  });

  it('from the bill alone: only idle\'s bill-only rule applies (the orphan volume); the rest are findings, totals to the cent', async () => {
    const report = await modernise(bill);
    expect(report.findings.map((f) => [f.rule, f.resourceId, f.monthlySaving])).toEqual([
      ['ec2-graviton-twin', INSTANCE, '27.74'],
      ['ebs-gp2-to-gp3', USED, '3.00'],
      ['ebs-gp2-to-gp3', LOOSE, '2.00'],
    ]);
    // 140.16 + 15.00 + 10.00; 27.74 + 3.00 + 2.00
    expect([report.totalMonthlyCost, report.totalMonthlySaving]).toEqual(['165.16', '32.74']);
    expect(report.supersededByIdle.map((f) => [f.resourceId, f.monthlySaving, f.supersededBy.rule])).toEqual([[ORPHAN, '1.00', 'bill-ebs-without-instances']]);
    expect(report.supersededByRightsizing).toEqual([]);
    expect(ids(await json<{ resourceId: string | null }[]>(bill, 'idle'))).toEqual([ORPHAN]);
  });

  it('--engine athena: idle\'s rules that read the bill run on the CUR table and leave out the orphan volume as on the local store; the report names what it did not check', async () => {
    const config = writeConfig({ aws: { retry: { baseDelayMs: 1 }, athena: FAKE_ATHENA_CONFIG } });
    const onAthena = await modernise(bill, '--engine', 'athena', '--config', config);
    const local = await modernise(bill);
    // 27.74 + 3.00 + 2.00 counted; the orphan volume's 1.00 left out, as bill-ebs-without-instances flags it (before, Athena counted it: 33.74).
    expect(onAthena.findings.map((f) => [f.rule, f.resourceId, f.monthlySaving])).toEqual([['ec2-graviton-twin', INSTANCE, '27.74'], ['ebs-gp2-to-gp3', USED, '3.00'], ['ebs-gp2-to-gp3', LOOSE, '2.00']]);
    expect(onAthena.supersededByIdle.map((f) => [f.resourceId, f.monthlySaving, f.supersededBy.rule])).toEqual([[ORPHAN, '1.00', 'bill-ebs-without-instances']]);
    expect([onAthena.totalMonthlyCost, onAthena.totalMonthlySaving]).toEqual(['165.16', '32.74']);
    // Field for field as on the local store of the same bill, but for what was checked: there idle (every rule) and rightsize ran.
    const { checkedAgainst, notChecked, ...rest } = onAthena;
    const { checkedAgainst: localChecked, notChecked: localNotChecked, ...localRest } = local;
    expect(rest).toEqual(localRest);
    expect([localChecked, localNotChecked]).toEqual([['idle', 'rightsize'], null]);
    const why = 'not checked against costlens rightsize nor costlens idle\'s rules that read metrics or the inventory (ec2-low-utilisation, ebs-unattached, ebs-low-iops,'
      + ' lb-no-healthy-targets, lb-low-requests, rds-no-connections, nat-no-traffic): they read CloudWatch metrics and the inventory, which only the local store holds'
      + ' (--engine athena); checked against idle\'s rules that read the bill (eip-idle-address, bill-ebs-without-instances, bill-nat-without-traffic, bill-lb-without-traffic)';
    expect([checkedAgainst, notChecked]).toEqual([['idle'], why]);
    // No query of the metrics or the inventory went to Athena (the stand-in sees the bill's lines alone: such a query would have failed the run).
    expect(athena.executions.map((e) => e.sql).filter((q) => /\b(FROM|JOIN)\s+(metrics|resources)\b/.test(q))).toEqual([]);
    const table = await costlens(bill, 'modernise', '--engine', 'athena', '--config', config, '--wide');
    expect(table.stdout).toContain('; 1 finding left out: the resource is idle (costlens idle) (listed below, not in these figures)');
    expect(table.stdout.trimEnd().split('\n').slice(-5)).toEqual([
      '', '1 finding left out (not in the figures above): the resource is idle — see costlens idle',
      `  ${ORPHAN} ebs-gp2-to-gp3: gp2 → gp3, $1.00 a month; bill-ebs-without-instances: ${onAthena.supersededByIdle[0].supersededBy.action}`,
      '', `Idle and rightsizing: ${why}.`,
    ]);
    const csv = await costlens(bill, 'modernise', '--engine', 'athena', '--config', config, '--format', 'csv');
    expect(csv.stderr.split('\n').filter((l) => l.startsWith('costlens: '))).toEqual([
      'costlens: 1 finding left out: idle or rightsizing supersedes them (run with --format table or json to see them)', `costlens: idle and rightsizing: ${why}`,
    ]);
  });

  it('reads idle\'s thresholds from the same config as costlens idle: with bill-only rules off, the orphan volume is a finding again', async () => {
    const config = join(scratchDir(), 'bill-only-off.yaml');
    writeFileSync(config, 'idle:\n  billOnly:\n    enabled: false\n');
    const report = await modernise(bill, '--config', config);
    expect(report.supersededByIdle).toEqual([]);
    expect(report.findings.map((f) => f.resourceId)).toEqual([INSTANCE, USED, LOOSE, ORPHAN]);
    // 27.74 + 3.00 + 2.00 + 1.00
    expect(report.totalMonthlySaving).toBe('33.74');
    expect(await json<unknown[]>(bill, 'idle', '--config', config)).toEqual([]);
  });

  it('the table says what was left out and why; the CSV holds the counted findings only and says on stderr what it left out', async () => {
    const idle = await json<{ resourceId: string | null; action: string }[]>(full, 'idle');
    const action = (id: string) => idle.find((f) => f.resourceId === id)!.action;
    const table = await costlens(full, 'modernise', '--wide');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('moving them saves $3.00 a month in cash');
    expect(table.stdout).toContain('; 2 findings left out: the resource is idle (costlens idle); 1 finding left out: rightsizing recommends another type (costlens rightsize) (listed below, not in these figures)');
    expect(table.stdout).toContain('\n2 findings left out (not in the figures above): the resource is idle — see costlens idle\n'
      + `  ${LOOSE} ebs-gp2-to-gp3: gp2 → gp3, $2.00 a month; ebs-unattached: ${action(LOOSE)}\n`
      + `  ${ORPHAN} ebs-gp2-to-gp3: gp2 → gp3, $1.00 a month; bill-ebs-without-instances: ${action(ORPHAN)}\n`);
    expect(table.stdout).toContain('\n1 finding left out (not in the figures above): rightsizing recommends another type for the instance, or terminating it — see costlens rightsize\n'
      + `  ${INSTANCE} ec2-graviton-twin: m5.xlarge → m6g.xlarge (arm64), $27.74 a month; rightsize-`);
    const csv = await costlens(full, 'modernise', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(parseCsvRecords(csv.stdout).slice(1).map((r) => [r[0], r[1], r[9]])).toEqual([['ebs-gp2-to-gp3', USED, '3.00']]);
    expect(csv.stderr).toBe('costlens: 3 findings left out: idle or rightsizing supersedes them (run with --format table or json to see them)\n');
  });

  it('the Optimisation page\'s modernisation section shows the counted findings and totals, and lists the left-out ones apart', async () => {
    const report = await modernise(full);
    const app = appOn(full);
    try {
      const html = await (await page(app, `/optimisation?as_of=${report.asOf}&owner_key=-`)).text();
      const section = html.slice(html.indexOf('id="modernisation"'));
      expect(section).toContain(`id="modernisation-summary" data-value="3.00"`);
      const counted = /<table class="numbers findings stack" id="modernisation-findings">([^]*?)<\/table>/.exec(section)![1];
      expect([...counted.matchAll(/<tr data-rule="([^"]+)" data-resource="([^"]+)">/g)].map((m) => [m[1], m[2]])).toEqual([['ebs-gp2-to-gp3', USED]]);
      expect(section).toContain('<p class="note" id="modernisation-superseded" data-count="3">Not in this list or its totals: 2 findings left out: the resource is idle — see costlens idle (the worklist above);'
        + ' 1 finding left out: rightsizing recommends another type for the instance, or terminating it — see costlens rightsize (the worklist above).</p>');
      const apart = /<table class="numbers findings stack" id="modernisation-superseded-findings">([^]*?)<\/table>/.exec(section)![1];
      expect([...apart.matchAll(/<tr data-rule="([^"]+)" data-resource="([^"]+)" data-superseded-by="([^"]+)">[^]*?<td data-value="([^"]*)">/g)].map((m) => m.slice(1)))
        .toEqual([['ebs-gp2-to-gp3', LOOSE, 'idle', '2.00'], ['ebs-gp2-to-gp3', ORPHAN, 'idle', '1.00'], ['ec2-graviton-twin', INSTANCE, 'rightsize', '27.74']]);
    } finally {
      await app.close();
    }
  });
});
