/**
 * The demo plants modernisation facts (src/demo/plants-modernise.ts) and truth.json lists every
 * finding `costlens modernise` should make on it: the planted older-generation instances, gp2
 * volumes, old snapshots and cold bucket, and the ordinary fleet's gp2 data volumes and Graviton
 * twins. costlens finds exactly those, and each saving is worked out again here from line_items
 * (DuckDB on the store) and the shipped catalogue CSVs, in exact integer arithmetic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ModerniseFinding, ModerniseRuleId } from '../../src/analyze/modernise/findings.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlensOnce } from '../helpers/cli-once.ts';
import { costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';

/** `costlens` on the demo's store, each distinct run once (tests/helpers/cli-once.ts): the store is only read, so a repeat prints the same. */
const once = costlensOnce();

interface Truth {
  rule: string; resourceId: string; accountId: string; region: string; current: string; target: string | null; planted: boolean;
  monthlySaving: string; monthlySavingCommitment: string; monthlySavingDeferred: string;
}
interface Report { asOf: string; findings: ModerniseFinding[]; skipped: unknown[]; countsByRule: Partial<Record<ModerniseRuleId, number>> }

const DATA = resolve(__dirname, '../../data');
const DAY = '2026-11-14';
const SCALE = 10n ** 10n;
/** A decimal text as an integer of 1e-10. */
const units = (text: string) => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const u = BigInt(whole) * SCALE + BigInt((fraction + '0'.repeat(10)).slice(0, 10));
  return text.startsWith('-') ? -u : u;
};
/** n ÷ d, rounded half away from zero. */
const div = (n: bigint, d: bigint) => {
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return n < 0n ? -q : q;
};
/** Units of 1e-10 as text to the cent. */
const cents = (u: bigint) => {
  const c = div(u, 10n ** 8n);
  const a = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const key = (x: { rule: string; resourceId: string }) => `${x.rule} ${x.resourceId}`;

describe('costlens modernise on the demo finds every planted fact and nothing else', () => {
  let db: string;
  let truth: { config: object; findings: Truth[] };
  let report: Report;
  let defaults: Report;

  beforeAll(async () => {
    const demo = inject('demoDir');
    db = await cachedDemoStore(demo, ['cur2']);
    truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')).modernisation;
    const config = join(scratchDir(), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ modernise: truth.config }));
    const run = await costlens(db, 'modernise', '--config', config, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout);
    const plain = await once(db, 'modernise', '--format', 'json');
    expect(plain.code, plain.stderr).toBe(0);
    defaults = JSON.parse(plain.stdout);
  }, 600_000);

  it('truth.json names the config (snapshots 60 days old: the demo holds 75) and plants 12 findings in shared-services', () => {
    expect(truth.config).toEqual({ snapshots: { minAgeDays: 60 } });
    const planted = truth.findings.filter((t) => t.planted);
    expect(planted.map((t) => [t.rule, t.current, t.target, t.monthlySaving])).toEqual([
      // EBS storage and snapshots at November's 720 h (AWS spreads a GB-month over the calendar month): their list figures.
      ['ebs-gp2-to-gp3', 'gp2', 'gp3', '0.60'],
      ['ebs-gp2-to-gp3', 'gp2', 'gp3', '0.60'],
      ['ebs-gp2-to-gp3', 'gp2', 'gp3', '2.00'],
      ['ebs-gp2-to-gp3', 'gp2', 'gp3', '0.80'],
      ['ebs-gp2-to-gp3', 'gp2', 'gp3', '5.00'],
      ['ebs-old-snapshot', 'snapshot', null, '25.00'],
      ['ebs-old-snapshot', 'snapshot', null, '6.00'],
      ['ec2-older-generation', 'r4.large', 'r6i.large', '5.11'],
      ['ec2-older-generation', 'm4.xlarge', 'm6i.xlarge', '5.84'],
      ['ec2-older-generation', 'c4.large', 'c6i.large', '10.95'],
      ['ec2-older-generation', 't2.medium', 't3.medium', '3.50'],
      ['s3-standard-cold', 'S3 Standard', 'S3 Standard-IA', '41.84'],
    ]);
    expect(new Set(planted.map((t) => `${t.accountId} ${t.region}`)).size).toBe(1);
  });

  it('the findings are exactly truth\'s list, each with truth\'s target and saving; nothing is skipped', () => {
    expect(report.findings.map(key).sort()).toEqual(truth.findings.map(key).sort());
    const byKey = new Map(truth.findings.map((t) => [key(t), t]));
    for (const f of report.findings) {
      const t = byKey.get(key(f))!;
      expect([f.current, f.target, f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred, f.accountId, f.region], key(f))
        .toEqual([t.current, t.target, t.monthlySaving, t.monthlySavingCommitment, t.monthlySavingDeferred, t.accountId, t.region]);
    }
    expect(report.countsByRule).toEqual({ 'ec2-graviton-twin': 82, 'ebs-gp2-to-gp3': 21, 'ec2-older-generation': 4, 'ebs-old-snapshot': 2, 's3-standard-cold': 1 });
    expect(report.skipped).toEqual([]);
  });

  it('the young snapshot (first billed 10 days before as-of) is not a finding; with the default 90 days neither are the old ones (75 days)', async () => {
    const snapshots = await sqlRows(db, `SELECT ResourceId AS id, CAST(CAST(min(ChargePeriodStart) AS DATE) AS VARCHAR) AS first
      FROM line_items WHERE x_UsageType LIKE '%EBS:SnapshotUsage' GROUP BY 1 ORDER BY 2, 1`);
    const found = report.findings.filter((f) => f.rule === 'ebs-old-snapshot');
    expect(snapshots.map((s) => s.first)).toEqual(['2026-09-01', '2026-09-01', '2026-11-05']);
    expect(found.map((f) => f.resourceId).sort()).toEqual(snapshots.slice(0, 2).map((s) => s.id).sort());
    expect(found.map((f) => f.evidence.ageDays)).toEqual([75, 75]);
    expect(defaults.findings.map(key).sort()).toEqual(truth.findings.filter((t) => t.rule !== 'ebs-old-snapshot').map(key).sort());
  });

  it('every saving, worked out again from line_items on the last day (the cold bucket: its last 30 days) and the catalogue CSVs; an instance\'s split into cash, freed commitment and what waits for its reservation, from the commitments that covered it that day', async () => {
    const day = new Map((await sqlRows(db, `SELECT ResourceId AS id, any_value(x_UsageType) AS usage_type, any_value(RegionId) AS region,
        CAST(sum(EffectiveCost) AS VARCHAR) AS cost, CAST(sum(ConsumedQuantity) AS VARCHAR) AS quantity,
        date_diff('second', min(ChargePeriodStart), max(ChargePeriodEnd)) AS seconds
      FROM line_items WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '${DAY}' AND ChargePeriodStart < TIMESTAMP '${DAY}' + INTERVAL 1 DAY
        AND (x_UsageType LIKE '%BoxUsage:%' OR x_UsageType LIKE '%EBS:VolumeUsage.gp2' OR x_UsageType LIKE '%EBS:SnapshotUsage')
      GROUP BY 1`)).map((r) => [r.id!, r]));
    const ec2 = new Map((await duckdbRows(`SELECT * FROM read_csv($f, all_varchar = true)`, { f: join(DATA, 'ec2/instance-types.csv') })).map((r) => [r.instance_type!, r]));
    const ebs = await duckdbRows(`SELECT * FROM read_csv($f, all_varchar = true)`, { f: join(DATA, 'ebs/volume-prices.csv') });
    const s3 = await duckdbRows(`SELECT * FROM read_csv($f, all_varchar = true) WHERE region = 'us-east-1'`, { f: join(DATA, 's3/storage-prices.csv') });
    const ebsPrice = (region: string, type: string, column: string) => units(ebs.find((r) => r.region === region && r.volume_type === type)![column]!);
    const s3Price = (cls: string, column: string) => units(s3.find((r) => r.storage_class === cls)![column]!);
    const atRatio = (amount: bigint, oldPrice: bigint, newPrice: bigint) => div(amount * (oldPrice - newPrice), oldPrice);
    // Per instance, its instance-hour cost and hours on the last day, the cost a Compute Savings Plan covered
    // whose fee lines (SavingsPlanRecurringFee) show commitment unused that day, and the cost and hours a
    // reservation covered (it does not apply to the new instance family).
    const covered = new Map((await sqlRows(db, `WITH spare AS (
        SELECT DISTINCT CommitmentDiscountId AS id FROM line_items
        WHERE x_LineItemType = 'SavingsPlanRecurringFee' AND EffectiveCost > 0
          AND ChargePeriodEnd > TIMESTAMP '${DAY}' AND ChargePeriodStart < TIMESTAMP '${DAY}' + INTERVAL 1 DAY)
      SELECT ResourceId AS id, CAST(sum(EffectiveCost) AS VARCHAR) AS cost, CAST(sum(ConsumedQuantity) AS VARCHAR) AS hours,
        CAST(coalesce(sum(EffectiveCost) FILTER (WHERE x_LineItemType = 'SavingsPlanCoveredUsage'
          AND x_SavingsPlanOfferingType = 'ComputeSavingsPlans' AND CommitmentDiscountId IN (SELECT id FROM spare)), 0) AS VARCHAR) AS freed,
        CAST(coalesce(sum(EffectiveCost) FILTER (WHERE x_LineItemType = 'DiscountedUsage'), 0) AS VARCHAR) AS reserved,
        CAST(coalesce(sum(ConsumedQuantity) FILTER (WHERE x_LineItemType = 'DiscountedUsage'), 0) AS VARCHAR) AS reserved_hours
      FROM line_items WHERE x_UsageType LIKE '%BoxUsage:%' AND x_ChargeClass = 'usage'
        AND ChargePeriodStart >= TIMESTAMP '${DAY}' AND ChargePeriodStart < TIMESTAMP '${DAY}' + INTERVAL 1 DAY
      GROUP BY 1`)).map((r) => [r.id!, { cost: units(r.cost!), freed: units(r.freed!), reserved: units(r.reserved!), hours: units(r.hours!), reservedHours: units(r.reserved_hours!) }]));
    const counts = { freeing: 0, waiting: 0 };
    for (const f of report.findings) {
      let expected: string;
      let listDifference = 0n;
      if (f.rule === 's3-standard-cold') {
        const [w] = await sqlRows(db, `SELECT CAST(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%TimedStorage-ByteHrs') AS VARCHAR) AS storage,
            CAST(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%Requests-Tier1') AS VARCHAR) AS tier1,
            CAST(sum(EffectiveCost) FILTER (WHERE x_UsageType LIKE '%Requests-Tier2') AS VARCHAR) AS tier2
          FROM line_items WHERE ResourceId = '${f.resourceId}' AND ChargePeriodStart >= TIMESTAMP '2026-10-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
        const saved = atRatio(units(w.storage!), s3Price('STANDARD', 'gb_month'), s3Price('STANDARD_IA', 'gb_month'))
          + atRatio(units(w.tier1!), s3Price('STANDARD', 'tier1_per_1000'), s3Price('STANDARD_IA', 'tier1_per_1000'))
          + atRatio(units(w.tier2!), s3Price('STANDARD', 'tier2_per_1000'), s3Price('STANDARD_IA', 'tier2_per_1000'));
        expected = cents(div(saved * 730n, 720n));
      } else {
        const d = day.get(f.resourceId)!;
        // A month of the rate: 730 h for instance hours; EBS storage and snapshots are priced by the GB-month, which AWS
        // spreads over the hours of the calendar month (November: 720 h).
        const monthly = div(units(d.cost!) * 3600n, BigInt(d.seconds!)) * (f.kind === 'ebs-volume' || f.kind === 'ebs-snapshot' ? 720n : 730n);
        if (f.rule === 'ebs-old-snapshot') {
          expected = cents(monthly);
        } else if (f.rule === 'ebs-gp2-to-gp3') {
          // November has 720 hours; a daily line covers 24: GB = GB-months × 30.
          const gb = Math.round(Number(d.quantity) * 30 * 100) / 100;
          const extra = gb > 170 ? 125n * ebsPrice(d.region!, 'gp3', 'throughput_mibps_month') : 0n;
          const gbUnits = units(gb.toFixed(2));
          const oldCost = (gbUnits * ebsPrice(d.region!, 'gp2', 'gb_month')) / SCALE;
          const newCost = (gbUnits * ebsPrice(d.region!, 'gp3', 'gb_month')) / SCALE + extra;
          expect(gb * 3, 'gp2 baseline IOPS within gp3\'s included 3,000').toBeLessThanOrEqual(3000);
          expected = cents(atRatio(monthly, oldCost, newCost));
        } else {
          const type = ec2.get(f.current)!;
          const column = `price_${d.region!.replace(/-/g, '_')}`;
          const family = f.rule === 'ec2-older-generation' ? type.newer_family : type.graviton_family;
          expect(f.target).toBe(`${family}.${type.size}`);
          // Older generation: the same-vendor successor lists cheaper; else that successor lists the same and the Graviton twin cheaper.
          const successor = ec2.get(`${type.newer_family}.${type.size}`);
          const successorCheaper = successor !== undefined && units(successor[column]!) < units(type[column]!);
          expect(successorCheaper, key(f)).toBe(f.rule === 'ec2-older-generation');
          expected = cents(atRatio(monthly, units(type[column]!), units(ec2.get(f.target!)![column]!)));
          listDifference = (units(type[column]!) - units(ec2.get(f.target!)![column]!)) * 730n;
        }
      }
      const total = units(expected);
      // The hours a reservation covered leave the cash saving and save at list prices once it is taken up or ends.
      const none = { cost: 1n, freed: 0n, reserved: 0n, hours: 1n, reservedHours: 0n };
      const share = f.kind === 'ec2-instance' ? covered.get(f.resourceId) ?? none : none;
      const kept = units(cents(div(total * (share.cost - share.reserved), share.cost)));
      const freed = units(cents(div(total * share.freed, share.cost)));
      const waits = units(cents(div(units(cents(listDifference)) * share.reservedHours, share.hours)));
      if (freed > 0n) counts.freeing += 1;
      if (waits > 0n) counts.waiting += 1;
      expect([f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred], key(f)).toEqual([cents(kept - freed), cents(freed), cents(waits)]);
    }
    // The demo's Compute Savings Plan left hours unused in those days: the instances it covers free commitment, not cash;
    // its standard reservation (m5) does not apply to m6g: their saving waits until other m5 usage takes it up or it ends.
    expect(counts).toEqual({
      freeing: report.findings.filter((f) => f.commitment?.freesCommitment).length,
      waiting: report.findings.filter((f) => f.commitment?.sources.some((c) => c.effect === 'deferred')).length,
    });
    expect(counts).toEqual({ freeing: 15, waiting: 3 });
  });
});

describe('modernise on the demo shows what frees commitment instead of cash, everywhere it shows the saving', () => {
  it('the CSV\'s columns and the Optimisation page\'s cells and summary carry the JSON\'s cash and commitment figures', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const json = await once(db, 'modernise', '--format', 'json');
    const csv = await costlens(db, 'modernise', '--format', 'csv');
    expect([json.code, csv.code]).toEqual([0, 0]);
    const report = JSON.parse(json.stdout) as Report & { totalMonthlySaving: string; totalMonthlySavingCommitment: string; totalMonthlySavingDeferred: string };
    const freeing = report.findings.filter((f) => f.commitment?.freesCommitment);
    const waiting = report.findings.filter((f) => f.commitment?.sources.some((c) => c.effect === 'deferred'));
    const csvFile = join(scratchDir(), 'modernise.csv');
    writeFileSync(csvFile, csv.stdout);
    const rows = await duckdbRows(`SELECT resource_id, monthly_saving, monthly_saving_commitment, monthly_saving_deferred, commitment_type, commitment_note
      FROM read_csv($f, all_varchar = true) WHERE monthly_saving_commitment <> '0.00' OR monthly_saving_deferred <> '0.00'`, { f: csvFile });
    expect(rows.map((r) => [r.resource_id, r.monthly_saving, r.monthly_saving_commitment, r.monthly_saving_deferred, r.commitment_type, r.commitment_note]).sort())
      .toEqual([...freeing, ...waiting].map((f) => [f.resourceId, f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred,
        f.commitment!.sources[0].type, f.commitment!.note]).sort());
    const app = appOn(db);
    try {
      const html = await (await page(app, `/optimisation?as_of=${report.asOf}&owner_key=-`)).text();
      expect(html).toContain(`id="modernisation-commitment" data-value="${report.totalMonthlySavingCommitment}"`);
      expect(html).toContain(`id="modernisation-deferred" data-value="${report.totalMonthlySavingDeferred}"`);
      const cells = (kind: string) => [...html.matchAll(new RegExp(`data-resource="([^"]+)">(?:(?!</tr>)[\\s\\S])*?<td data-value="([^"]*)">[^<]*<span class="note ${kind}" data-value="([^"]+)">`, 'g'))]
        .map((c) => [c[1], c[2], c[3]]).sort();
      expect([freeing.length, waiting.length]).toEqual([15, 3]);
      expect(cells('freed')).toEqual(freeing.map((f) => [f.resourceId, f.monthlySaving, f.monthlySavingCommitment]).sort());
      expect(cells('deferred')).toEqual(waiting.map((f) => [f.resourceId, f.monthlySaving, f.monthlySavingDeferred]).sort());
    } finally {
      await app.close();
    }
  });

  it('a resource\'s page lists its modernisation findings as the Optimisation page does, and says so when there are none', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const report = JSON.parse((await once(db, 'modernise', '--format', 'json')).stdout) as Report;
    const covered = report.findings.find((f) => f.commitment?.freesCommitment)!;
    const volume = report.findings.find((f) => f.rule === 'ebs-gp2-to-gp3')!;
    const app = appOn(db);
    try {
      const section = async (id: string) => /id="resource-modernisation">([^]*?)<\/section>/.exec(
        await (await page(app, `/resource?${new URLSearchParams({ id, start: '2026-10-16', end: report.asOf })}`)).text())![1];
      for (const f of [covered, volume]) {
        const html = await section(f.resourceId);
        expect([...html.matchAll(/<tr data-modernise-rule="([^"]*)">/g)].map((m) => m[1]), f.resourceId).toEqual([f.rule]);
        expect(html).toContain(`<td data-value="${f.monthlyCost}">`);
        // What to do is shown; why (the explanation, prices and evidence) folds under it, as on the worklist.
        // A pair of names joined by a slash may break after it (VolumeReadBytes/<wbr>VolumeWriteBytes); a unit (MiB/s) stays whole.
        const action = f.action.replaceAll("'", '&#39;').replace(/(?<=[A-Za-z]{4}\/)(?=[A-Za-z]{4})/g, '<wbr>');
        expect(html).toContain(`<td class="text action">${action}<details class="evidence"><summary>Why: ${f.rule}, ${f.confidence} confidence</summary>`);
        expect(html).toContain(`<p>${f.explanation.replaceAll("'", '&#39;')}</p>`);
        expect(html).toContain(`<td data-value="${f.monthlySaving}">`);
        expect(html.includes(`<span class="note freed" data-value="${f.monthlySavingCommitment}">`), f.resourceId).toBe(f === covered);
      }
      const [other] = await sqlRows(db, `SELECT ResourceId AS id FROM line_items WHERE x_UsageType LIKE '%NatGateway-Hours' LIMIT 1`);
      expect(await section(other.id!)).toContain('No modernisation rule fires for this resource on the bill of 14 Nov 2026.');
    } finally {
      await app.close();
    }
  });
});
