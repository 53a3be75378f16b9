/**
 * `costlens demo`: a deterministic AWS organisation written in real AWS billing file formats
 * (legacy CUR CSV + manifest, CUR 2.0 Parquet + Data Exports manifest), with CloudWatch metrics,
 * an inventory, business metrics and a truth file of the planted facts.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeCur2Period } from './cur2-writer.ts';
import { writeLegacyAssembly, type LegacyWriteResult } from './legacy-writer.ts';
import { commitmentTerms, renewals, riSegments, spSegments, usageSegments } from './commitment-terms.ts';
import { generateCommitments } from './lines-commitments.ts';
import { generateUsage } from './lines-usage.ts';
import { buildOrganisation, round10, type Organisation } from './org.ts';
import { INSTANCE_TYPES, PRICES } from './catalog.ts';
import { plantMovements } from './plants.ts';
import { plantModernisation } from './plants-modernise.ts';
import { Prng } from './prng.ts';
import { writeBusinessMetrics, writeInventory, writeMetrics } from './side-files.ts';
import { createPeriodTables } from './lines.ts';
import { loadOrganisation, run, type Params } from './sql.ts';
import { teamAliases, TAG_COLUMNS } from './tags.ts';
import { addHours, isoDate, parseIsoDate, type Period } from './time.ts';
import { commitmentTruth, type CommitmentTruth } from './truth-commitments.ts';
import { accumulateIdle, createIdleAccumulator, idleTruth, oversizedTruth, periodTruth, type PeriodTruth } from './truth.ts';
import { accumulateModernise, createModerniseAccumulator, MODERNISE_TRUTH_CONFIG, moderniseTruth } from './truth-modernise.ts';
import { cur2TagKey } from '../cur-columns/cur2-columns.ts';
import { createDuckDB, instanceSettings } from '../store/duckdb-settings.ts';
import { makeFolder } from '../lib/make-folder.ts';

/** Options of {@link generateDemo}. */
export interface DemoOptions {
  outDir: string;
  /** PRNG seed (default 42). */
  seed?: number;
  /** Billing periods, ending with the month containing as-of (default 3). */
  months?: number;
  /** Resource multiplier; scale 1 ≈ 100k line items per full month (default 1). */
  scale?: number;
  /** `YYYY-MM-DD`; usage runs up to the end of the previous day (default: today, UTC). */
  asOf?: string;
  /** Progress messages (one line each). */
  onProgress?: (msg: string) => void;
  /** Rows per CSV/Parquet part before a report is split (default 2,000,000). */
  partRows?: number;
}

/** One generated billing period. */
export interface DemoPeriodSummary {
  period: string;
  rows: number;
  billedCost: string;
  effectiveCost: string;
  legacyManifest: string;
  cur2Manifest: string;
}

/** What {@link generateDemo} wrote. */
export interface DemoSummary {
  outDir: string;
  seed: number;
  months: number;
  scale: number;
  asOf: string;
  periods: DemoPeriodSummary[];
  /** Every file written, relative to outDir, sorted. */
  files: string[];
  truthPath: string;
  seconds: number;
}

/** Paths (relative to the output directory) that a demo owns and replaces. */
export const DEMO_OUTPUTS = ['legacy-cur', 'cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv', 'truth.json', 'README.md'];

/** Blended US sales tax rate applied per account and product code. */
const TAX_RATE = 0.04;

/**
 * Generates the demo organisation into `outDir`, replacing a previous demo there.
 * Same seed, months, scale and as-of give byte-identical files.
 */
export async function generateDemo(options: DemoOptions): Promise<DemoSummary> {
  const began = performance.now();
  const seed = options.seed ?? 42;
  const months = options.months ?? 3;
  const scale = options.scale ?? 1;
  const partRows = options.partRows ?? 2_000_000;
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new RangeError(`months must be an integer from 1 to 36, got ${months}`);
  if (!(scale > 0) || scale > 1000) throw new RangeError(`scale must be a number above 0 and at most 1000, got ${scale}`);
  if (!Number.isInteger(partRows) || partRows < 1) throw new RangeError(`partRows must be a positive integer, got ${partRows}`);
  const asOfDate = parseIsoDate(options.asOf ?? new Date().toISOString().slice(0, 10));
  const progress = options.onProgress ?? (() => {});
  const outDir = resolve(options.outDir);

  makeFolder(outDir);
  for (const p of DEMO_OUTPUTS) await rm(join(outDir, p), { recursive: true, force: true });
  const legacyRoot = join(outDir, 'legacy-cur');
  const cur2Root = join(outDir, 'cur2');

  const org = buildOrganisation(seed, scale, asOfDate, months);
  const plantedMovements = plantMovements(org);
  const modernisePlants = plantModernisation(org);
  progress(`organisation: ${org.accounts.length + 1} accounts, ${org.resources.length} resources, ${org.window.periods.length} billing periods up to ${isoDate(asOfDate)}`);

  // Large scales may spill to disk: give DuckDB a private temporary folder, removed at the end.
  const spill = join(tmpdir(), `costlens-demo-${process.pid}-${seed}`);
  const db = await createDuckDB(':memory:', instanceSettings({ preserve_insertion_order: 'true', temp_directory: spill }));
  const conn = await db.connect();
  const written: string[] = [];
  const pending: Promise<void>[] = [];
  const periods: DemoPeriodSummary[] = [];
  const truthPeriods: Record<string, PeriodTruth & { commitments: CommitmentTruth; legacyCur: object; cur2: object }> = {};
  let stale: { period: string; assemblyId: string; manifest: string; reportKeys: string[]; rows: number } | null = null;
  try {
    await loadOrganisation(conn, org);
    await createIdleAccumulator(conn);
    await createModerniseAccumulator(conn);
    const idleSince = addHours(asOfDate, -24 * 30);
    const exportId = new Prng(seed, 'export').uuid();
    const planId = new Prng(seed, 'ri-plan').uuid();
    const current = org.window.periods[org.window.periods.length - 1].key;
    const terms = commitmentTerms(org, seed);
    for (const period of org.window.periods) {
      const t0 = performance.now();
      const params = periodParams(org, period, seed, planId);
      await createPeriodTables(conn);
      await generateUsage(conn, params, usageSegments(period, terms));
      await generateCommitments(conn, params, { sp: spSegments(period, terms), ri: riSegments(period, terms) });
      const truth = await periodTruth(conn, period.key, period.start, period.end);
      const commitments = await commitmentTruth(conn, stamp(org.window.end));
      await accumulateIdle(conn, stamp(idleSince));
      await accumulateModernise(conn, stamp(idleSince));
      const invoiceId = period.key === current ? null : new Prng(seed, `invoice:${period.key}`).digits(10);
      if (period.index === 0) {
        // An older delivery of the first period, superseded by the current assembly.
        const assemblyId = new Prng(seed, `assembly-stale:${period.key}`).uuid();
        const r = await writeLegacyAssembly(conn, {
          root: legacyRoot, period, assemblyId, payerAccount: org.payer.id, invoiceId: null, partRows, current: false, seed,
          where: `usage_start < CAST('${stamp(addHours(period.start, 24 * 10))}' AS TIMESTAMP)`,
        });
        written.push(...r.files);
        pending.push(r.done);
        stale = { period: period.key, assemblyId, manifest: rel(outDir, r.manifestPath), reportKeys: r.reportKeys, rows: r.rows };
      }
      const assemblyId = new Prng(seed, `assembly:${period.key}`).uuid();
      const legacy: LegacyWriteResult = await writeLegacyAssembly(conn, {
        root: legacyRoot, period, assemblyId, payerAccount: org.payer.id, invoiceId, partRows, current: true, seed,
      });
      written.push(...legacy.files);
      pending.push(legacy.done);
      const executionId = new Prng(seed, `execution:${period.key}`).uuid();
      const cur2 = await writeCur2Period(conn, {
        root: cur2Root, period, payerAccount: org.payer.id, payerName: org.payer.name, invoiceId, partRows, executionId, exportId,
      });
      written.push(...cur2.files);
      await run(conn, 'DROP TABLE li');
      await run(conn, 'DROP TABLE spec');
      await Promise.all(pending.splice(0));
      truthPeriods[period.key] = {
        ...truth,
        commitments,
        legacyCur: { assemblyId, manifest: rel(outDir, legacy.manifestPath), reportKeys: legacy.reportKeys },
        cur2: { executionId, manifest: rel(outDir, cur2.manifestPath), dataFiles: cur2.dataFiles },
      };
      periods.push({
        period: period.key, rows: truth.rows, billedCost: truth.billedCost, effectiveCost: truth.effectiveCost,
        legacyManifest: rel(outDir, legacy.manifestPath), cur2Manifest: rel(outDir, cur2.manifestPath),
      });
      progress(`${period.key}: ${truth.rows} line items, BilledCost ${truth.billedCost} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }

    const metricsFile = join(outDir, 'metrics.csv');
    await writeMetrics(conn, org, metricsFile);
    const inventoryFile = join(outDir, 'inventory.csv');
    await writeInventory(org, inventoryFile);
    const businessFile = join(outDir, 'business-metrics.csv');
    await writeBusinessMetrics(org, businessFile);
    written.push(metricsFile, inventoryFile, businessFile);
    progress('metrics, inventory and business metrics written');

    const truth = {
      generator: { name: 'costlens demo', version: 1, seed, months, scale, asOf: isoDate(asOfDate) },
      payerAccount: { id: org.payer.id, name: org.payer.name },
      accounts: org.accounts.map((a) => ({ id: a.id, name: a.name, businessUnit: a.profile?.businessUnit ?? null })),
      regions: [...new Set(org.resources.map((r) => r.region))].sort(),
      currency: 'USD',
      usageWindow: { start: org.window.start.toISOString(), end: org.window.end.toISOString() },
      tagging: {
        teamTagKeys: ['team', 'Team', 'TEAM'],
        costCenterTagKeys: ['cost-center', 'CostCenter'],
        teamAliases: teamAliases(),
        cur2ResourceTagKeys: Object.fromEntries(TAG_COLUMNS.map((t) => [t.legacyKey, cur2TagKey(t.legacyKey)]).sort()),
        notes: 'CostCenter was activated as a cost-allocation tag after the first billing period; untagged = no team tag under any key variant.',
      },
      commitments: {
        reservedInstance: org.ri,
        savingsPlan: org.sp,
        ...(terms.ri.length + terms.sp.length > 2 ? { renewals: renewals(terms) } : {}),
      },
      periods: truthPeriods,
      staleAssembly: stale,
      idleWindow: { start: idleSince.toISOString(), end: asOfDate.toISOString() },
      idle: await idleTruth(conn),
      oversized: await oversizedTruth(conn),
      busy: org.resources.filter((r) => r.busy && r.kind !== 'ebs').map((r) => r.id).sort(),
      busyVolumes: org.resources.filter((r) => r.busy && r.kind === 'ebs').map((r) => r.id).sort(),
      plantedMovements,
      modernisation: { config: MODERNISE_TRUTH_CONFIG, findings: await moderniseTruth(conn, isoDate(asOfDate), modernisePlants) },
    };
    const truthPath = join(outDir, 'truth.json');
    await writeFile(truthPath, `${JSON.stringify(truth, null, 2)}\n`);
    const readme = join(outDir, 'README.md');
    await writeFile(readme, readmeText(seed, months, scale, isoDate(asOfDate)));
    written.push(truthPath, readme);
    return {
      outDir, seed, months, scale, asOf: isoDate(asOfDate), periods,
      files: written.map((f) => rel(outDir, f)).sort(), truthPath, seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await Promise.allSettled(pending);
    conn.closeSync();
    db.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}

/** Named SQL parameters of one billing period: calendar, commitments, payer, rates. */
function periodParams(org: Organisation, period: Period, seed: number, planId: string): Params {
  const sp = org.accounts.find((a) => a.id === org.sp.accountId)!;
  const ri = org.accounts.find((a) => a.id === org.ri.accountId)!;
  return {
    seed, period: period.key, periodIndex: period.index, periodStart: stamp(period.start), periodEnd: stamp(period.end),
    windowHours: period.windowHours, monthHours: period.hoursInMonth, daysInMonth: period.daysInMonth,
    windowStart: stamp(org.window.start), pStartH: period.startHour, pEndH: period.startHour + period.windowHours,
    pStartD: period.startHour / 24, pEndD: (period.startHour + period.windowHours) / 24,
    riAccount: ri.id, riAccountName: ri.name, riType: org.ri.instanceType, riNorm: INSTANCE_TYPES[org.ri.instanceType].norm, riArn: org.ri.arn,
    riStart: org.ri.start, riEnd: org.ri.end, riStartTs: stamp(org.window.start), riSubscription: org.ri.subscriptionId,
    riPlanId: planId, riCount: org.ri.count, riUpfront: org.ri.upfrontPerInstance, riRecurring: org.ri.recurringHourly,
    riAmortized: org.ri.amortizedHourly, riEffective: round10(org.ri.amortizedHourly + org.ri.recurringHourly),
    spArn: org.sp.arn, spAccount: sp.id, spAccountName: sp.name, spCommitment: org.sp.commitmentHourly,
    spStart: org.sp.start, spEnd: org.sp.end, payerAccount: org.payer.id, payerName: org.payer.name,
    taxRate: TAX_RATE, dtoRate: PRICES.dataTransferOutGb,
  };
}

/** `2026-09-01T00:00:00` for DuckDB TIMESTAMP casts. */
function stamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

function rel(root: string, file: string): string {
  return relative(root, file).split('\\').join('/');
}

function readmeText(seed: number, months: number, scale: number, asOf: string): string {
  return `# costlens demo organisation

Generated by \`costlens demo --seed ${seed} --months ${months} --scale ${scale} --as-of ${asOf}\`.
Deterministic: the same options give byte-identical files.

- \`legacy-cur/\`: legacy Cost and Usage Report (CSV, gzip) as delivered to S3 under \`reports/costlens-demo/\`;
  each billing period folder holds the current manifest; the first period also holds an older, superseded assembly.
- \`cur2/\`: CUR 2.0 (Data Exports) Parquet under \`exports/costlens-demo-cur2/data/BILLING_PERIOD=YYYY-MM/\`
  with manifests under \`metadata/\`.
- \`metrics.csv\`: daily CloudWatch statistics; \`inventory.csv\`: resources at as-of; \`business-metrics.csv\`: orders and API requests.
- \`truth.json\`: the planted facts (totals, tag mess, the commitments' utilisation and coverage, idle, oversized and busy resources, the planted movements with the spans where \`costlens explain\` finds each as the top driver, and every finding \`costlens modernise\` makes, planted or not, with its saving in cash, the commitment it frees and what its reservation's hours save once taken up or ended, under \`modernisation.config\`) computed from the generated rows.
`;
}
