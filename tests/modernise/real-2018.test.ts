/**
 * `costlens modernise` on the real October + November 2018 CUR Parquet files: the gp2 volumes and
 * the t2 instances still charged on the data horizon (2018-11-30) are named, with savings checked
 * against DuckDB run directly on the November Parquet file and the shipped catalogues read here
 * as plain CSV (not through costlens's loaders).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { billedInstancesBySql } from '../helpers/billed-instances-sql.ts';
import { codePointOrder } from '../../src/lib/order.ts';

const ROOT = resolve(__dirname, '../..');

/** Rows of a shipped catalogue CSV (no quoted fields in either file), keyed by column name. */
function catalogueRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(ROOT, path), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

/** Decimal text → units of 1e-10. */
function units(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
}

/** Units of 1e-2 as text with two decimals. */
function centsText(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/**
 * hourly × hours × (old − new) ÷ old, rounded half up to cents (all figures positive): 730 hours for a charge priced by the
 * hour, the calendar month's hours (November: 720) for one priced by the GB-month, which AWS spreads over that month's hours.
 */
function savingCents(hourly: string, oldPrice: string, newPrice: string, hours = 730n): string {
  const old = units(oldPrice);
  const numerator = units(hourly) * hours * (old - units(newPrice));
  const denominator = old * 100_000_000n;
  return centsText((numerator + denominator / 2n) / denominator);
}

/** a × (old − new), rounded half up to cents (a quantity such as GB or hours). */
function differenceCents(a: string, oldPrice: string, newPrice: string): string {
  const numerator = units(a) * (units(oldPrice) - units(newPrice));
  const denominator = 10n ** 18n;
  return centsText((numerator + denominator / 2n) / denominator);
}

const NOV_30 = `line_item_usage_start_date >= TIMESTAMP '2018-11-30' AND line_item_usage_start_date < TIMESTAMP '2018-12-01'`;

describe('costlens modernise on the real 2018 CUR (Oct + Nov 2018)', () => {
  let db: string;
  let report: ModerniseReport;
  const ebs = catalogueRows('data/ebs/volume-prices.csv');
  const ec2 = catalogueRows('data/ec2/instance-types.csv');
  const gbPrice = (region: string, type: string) => ebs.find((r) => r.region === region && r.volume_type === type)!.gb_month;
  const ec2Price = (type: string) => ec2.find((r) => r.instance_type === type)!.price_us_east_1;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const run = await costlens(db, 'modernise', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout);
  });

  it('looks at the data horizon: rates and sizes from 2018-11-30, the cost window the 30 days to 2018-12-01', () => {
    expect(report.usageWithoutType).toBeNull(); // every usage line of a CUR has its usage type
    expect(report.asOf).toBe('2018-12-01');
    expect(report.day).toBe('2018-11-30');
    expect(report.costWindow).toEqual({ start: '2018-11-01', end: '2018-12-01' });
  });

  it('names every gp2 volume charged on 2018-11-30 at a rate above zero, with its size, monthly cost and savings exact against the Parquet and the EBS catalogue', async () => {
    const expected = await duckdbRows(`
      WITH day AS (
        SELECT line_item_resource_id AS id, product_region AS region, line_item_usage_type AS usage_type,
          sum(line_item_usage_amount) AS gb_months, sum(line_item_unblended_cost) AS cost,
          date_diff('second', min(line_item_usage_start_date), max(line_item_usage_end_date)) AS secs
        FROM read_parquet($nov)
        WHERE line_item_usage_type LIKE '%EBS:VolumeUsage.gp2' AND line_item_line_item_type = 'Usage' AND ${NOV_30}
        GROUP BY 1, 2, 3)
      SELECT id, region, usage_type, round(gb_months * 720 * 3600 / secs, 2) AS gb,
        CAST(round(cost * 3600 / secs, 10) AS DECIMAL(38, 10)) AS hourly
      FROM day ORDER BY id`, { nov: REAL_NOV_2018 });
    expect(expected).toHaveLength(25);
    // One of the 25 is billed 0.00 that day (free tier): its move saves nothing on the bill, so it is no finding (see below).
    const billed = expected.filter((r) => Number(r.hourly) > 0);
    expect(billed).toHaveLength(24);
    const found = report.findings.filter((f) => f.rule === 'ebs-gp2-to-gp3').sort((a, b) => codePointOrder(a.resourceId, b.resourceId));
    expect(found.map((f) => f.resourceId)).toEqual(billed.map((r) => r.id));
    for (const [i, f] of found.entries()) {
      const e = billed[i];
      const gp2 = gbPrice(e.region!, 'gp2');
      const gp3 = gbPrice(e.region!, 'gp3');
      expect(f).toMatchObject({ kind: 'ebs-volume', region: e.region, current: 'gp2', target: 'gp3', platformChange: false, confidence: 'high' });
      expect(f.evidence.usageType).toBe(e.usage_type);
      expect(f.evidence.sizeGb).toBe(Number(e.gb));
      expect(f.evidence.gp2PricePerGbMonth).toBe(Number(gp2).toFixed(10));
      expect(f.evidence.gp3PricePerGbMonth).toBe(Number(gp3).toFixed(10));
      expect(f.hourlyRate).toBe(e.hourly);
      expect(f.monthlyCost).toBe(savingCents(e.hourly!, '1', '0', 720n));
      expect(f.monthlySaving).toBe(savingCents(e.hourly!, gp2, gp3, 720n));
      expect(f.listMonthlySaving).toBe(differenceCents(e.gb!, gp2, gp3));
      expect(f.priceSource).toContain('data/ebs/volume-prices.csv');
    }
    // by hand: a 20 GB us-east-1 volume billed 0.0027777778 an hour × 720 h of November → 2.00 a month (20 GB × 0.10); gp3 saves 20 %: 0.40 (0.40 at list, 20 GB × 0.02)
    expect(found.find((f) => f.resourceId === 'vol-00494730effe0867d')).toMatchObject({
      hourlyRate: '0.0027777778', monthlyCost: '2.00', monthlySaving: '0.40', listMonthlySaving: '0.40', evidence: expect.objectContaining({ sizeGb: 20 }),
    });
  });

  it('leaves out the free-tier gp2 volume billed 0.00 on 2018-11-30: listed apart with why, in no count or total', async () => {
    // Independently: the gp2 volumes whose lines of 2018-11-30 sum to 0.00 on the bill, with their list cost that day.
    const free = await duckdbRows(`
      SELECT line_item_resource_id AS id, product_region AS region, CAST(sum(line_item_unblended_cost) AS VARCHAR) AS billed,
        CAST(round(sum(line_item_usage_amount) * 720 * 3600 / date_diff('second', min(line_item_usage_start_date), max(line_item_usage_end_date)), 2) AS VARCHAR) AS gb
      FROM read_parquet($nov)
      WHERE line_item_usage_type LIKE '%EBS:VolumeUsage.gp2' AND line_item_line_item_type = 'Usage' AND ${NOV_30}
      GROUP BY 1, 2 HAVING sum(line_item_unblended_cost) = 0`, { nov: REAL_NOV_2018 });
    expect(free).toEqual([{ id: 'vol-0092ffd396f37de25', region: 'eu-west-2', billed: '0.0', gb: '8.0' }]);
    // 8 GB × (0.116 − 0.0928) in eu-west-2 = 0.1856 → 0.19 a month at list prices, nothing at its own rate of 0.
    expect(differenceCents('8', gbPrice('eu-west-2', 'gp2'), gbPrice('eu-west-2', 'gp3'))).toBe('0.19');
    expect(report.nothingToSave).toEqual([{
      rule: 'ebs-gp2-to-gp3', kind: 'ebs-volume', resourceId: 'vol-0092ffd396f37de25', accountId: '836060457634', region: 'eu-west-2', current: 'gp2', target: 'gp3',
      platformChange: false, hourlyRate: '0.0000000000', monthlyCost: '0.00', listMonthlySaving: '0.19', day: '2018-11-30', billedZero: true,
      reason: 'billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices)',
    }]);
    expect(report.findings.map((f) => f.resourceId)).not.toContain('vol-0092ffd396f37de25');
    expect(report.skipped.map((s) => s.resourceId)).not.toContain('vol-0092ffd396f37de25');
    const text = await costlens(db, 'modernise');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain(': 33 found (');
    expect(text.stdout.split('\n')[0]).toMatch(/^Modernisation as of 1 Dec 2018 \(rates and sizes from 30 Nov 2018, the last day before it\): 33 found \(/);
    expect(text.stdout.split('\n')[0]).toContain('; 1 gp2 volume billed $0.00 (free tier or another zero rate) left out: the move saves nothing on the bill (listed below, not in these figures)');
    expect(text.stdout).toContain('\n1 finding left out (not in the figures above): the move saves nothing on the bill\n'
      + '  vol-0092ffd396f37de25 ebs-gp2-to-gp3: gp2 → gp3 in eu-west-2: billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices)\n');
    const csv = await costlens(db, 'modernise', '--format', 'csv');
    expect(csv.stdout).not.toContain('vol-0092ffd396f37de25');
    expect(csv.stderr).toContain('costlens: 1 gp2 volume billed $0.00 (free tier or another zero rate) left out: the move saves nothing on the bill (run with --format table or json to see them)\n');
  });

  it('--detail names the cost window by its days, both included (1–30 Nov 2018): it wrote "2018-11-01 to 2018-12-01 (end excluded)"', async () => {
    // Independently: the t2.micro's instance hours charged in November 2018, 716 h at 0.0116 = 8.3056.
    const [nov] = await duckdbRows(`SELECT CAST(sum(line_item_unblended_cost) AS DECIMAL(38, 10)) AS cost FROM read_parquet($nov)
      WHERE line_item_resource_id = 'i-0512991d4fa76e853' AND line_item_usage_type LIKE '%BoxUsage:t2.micro' AND line_item_line_item_type = 'Usage'
        AND line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_usage_start_date < TIMESTAMP '2018-12-01'`, { nov: REAL_NOV_2018 });
    expect(nov.cost).toBe('8.3056000000');
    const text = await costlens(db, 'modernise', '--detail');
    expect(text.code, text.stderr).toBe(0);
    // Money in dollars, the rate and the window's cost with their exact digits, the day in the house style (it read '0.0116000000 an hour on 2018-11-30
    // × 730 h = 8.47 a month; saving 0.88 …, 0.88 at list prices; 8.3056000000 over …'); the JSON keeps its values.
    expect(text.stdout).toContain('\n   money:     $0.0116000000 an hour on 30 Nov 2018 × 730 h = $8.47 a month; saving $0.88 in cash at its own rate, $0.88 at list prices;'
      + ' $8.3056000000 over 1–30 Nov 2018\n');
    expect(report.findings.find((f) => f.resourceId === 'i-0512991d4fa76e853')).toMatchObject({ hourlyRate: '0.0116000000', day: '2018-11-30', monthlyCost: '8.47',
      monthlySaving: '0.88', listMonthlySaving: '0.88', windowCost: '8.3056000000' });
  });

  it('names every Linux t2 instance charged on 2018-11-30 in a catalogued region (t2 → t3), with exact savings, and says why the others are not priced', async () => {
    const expected = await duckdbRows(`
      SELECT line_item_resource_id AS id, product_region AS region, line_item_usage_type AS usage_type, line_item_operation AS operation,
        CAST(round(sum(CASE WHEN line_item_line_item_type = 'DiscountedUsage' THEN reservation_effective_cost ELSE line_item_unblended_cost END)
          * 3600 / date_diff('second', min(line_item_usage_start_date), max(line_item_usage_end_date)), 10) AS DECIMAL(38, 10)) AS hourly,
        CAST(sum(CASE WHEN line_item_line_item_type = 'DiscountedUsage' THEN reservation_effective_cost ELSE line_item_unblended_cost END) AS DECIMAL(38, 10)) AS day_cost,
        CAST(coalesce(sum(reservation_effective_cost) FILTER (WHERE line_item_line_item_type = 'DiscountedUsage'), 0) AS DECIMAL(38, 10)) AS reserved,
        CAST(sum(line_item_usage_amount) AS DECIMAL(38, 10)) AS hours,
        CAST(coalesce(sum(line_item_usage_amount) FILTER (WHERE line_item_line_item_type = 'DiscountedUsage'), 0) AS DECIMAL(38, 10)) AS reserved_hours
      FROM read_parquet($nov)
      WHERE line_item_usage_type LIKE '%BoxUsage:t2.%' AND line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND ${NOV_30}
      GROUP BY 1, 2, 3, 4 ORDER BY id`, { nov: REAL_NOV_2018 });
    const linux = expected.filter((r) => r.operation === 'RunInstances' && r.region === 'us-east-1');
    expect(linux).toHaveLength(7);
    const found = report.findings.filter((f) => f.current.startsWith('t2.')).sort((a, b) => codePointOrder(a.resourceId, b.resourceId));
    expect(found.map((f) => f.resourceId)).toEqual(linux.map((r) => r.id));
    const reserved: string[] = [];
    for (const [i, f] of found.entries()) {
      const e = linux[i];
      const from = e.usage_type!.split(':')[1];
      const to = from.replace('t2.', 't3.');
      expect(f).toMatchObject({ rule: 'ec2-older-generation', kind: 'ec2-instance', current: from, target: to, platformChange: false, confidence: 'medium' });
      expect(f.hourlyRate).toBe(e.hourly);
      // A reservation covering it that day applies to t2 only, not to t3: its hours leave the cash saving, and save the
      // list-price difference once other t2 usage takes the reservation up or it ends.
      const saving = units(savingCents(e.hourly!, ec2Price(from), ec2Price(to))) / 100_000_000n;
      const roundedDivide = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);
      const cash = roundedDivide(saving * (units(e.day_cost!) - units(e.reserved!)), units(e.day_cost!));
      const list = units(differenceCents('730', ec2Price(from), ec2Price(to))) / 100_000_000n;
      const deferred = roundedDivide(list * units(e.reserved_hours!), units(e.hours!));
      expect([f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred], f.resourceId).toEqual([centsText(cash), '0.00', centsText(deferred)]);
      if (deferred > 0n) reserved.push(f.resourceId);
      expect(f.listMonthlySaving).toBe(differenceCents('730', ec2Price(from), ec2Price(to)));
      expect(f.alternatives.map((a) => [a.target, a.platformChange])).toEqual([[from.replace('t2.', 't3a.'), false], [from.replace('t2.', 't4g.'), true]]);
    }
    // i-02d3229d6696ee169 (t2.large) had 22.5 of its 24 hours that day under five reservations, i-01858470cc1b08555 (t2.nano) all of them.
    expect(reserved).toEqual(['i-01858470cc1b08555', 'i-02d3229d6696ee169']);
    expect(found.filter((f) => f.commitment?.sources.every((c) => c.type === 'Reserved Instance' && c.effect === 'deferred')).map((f) => f.resourceId))
      .toEqual(reserved);
    // by hand: t2.micro billed at its list rate 0.0116 → 8.47 a month; t3.micro lists at 0.0104: (0.0116 − 0.0104) × 730 = 0.88
    expect(found.find((f) => f.resourceId === 'i-0512991d4fa76e853')).toMatchObject({ monthlyCost: '8.47', monthlySaving: '0.88', listMonthlySaving: '0.88' });
    const others = expected.filter((r) => !linux.includes(r)).map((r) => r.id);
    expect(report.skipped.filter((s) => s.current.startsWith('t2.')).map((s) => s.resourceId).sort()).toEqual(others.sort());
    expect(report.skipped.find((s) => s.resourceId === 'i-0342529a9832468d5')?.reason).toBe('region eu-west-2 is not in the EC2 catalogue');
    expect(report.skipped.find((s) => s.resourceId === 'i-0d555e3b7512f242b')?.reason).toMatch(/^operation RunInstances:0002 is not Linux/);
  });

  it('finds nothing else but the two c5.large Graviton twins, and the totals are the sums of the findings', () => {
    const rest = report.findings.filter((f) => f.rule !== 'ebs-gp2-to-gp3' && !f.current.startsWith('t2.'));
    expect(rest.map((f) => [f.rule, f.resourceId, f.target])).toEqual([
      ['ec2-graviton-twin', 'i-0cb7906f6529b583f', 'c6g.large'],
      ['ec2-graviton-twin', 'i-0f6a57f12c94805ff', 'c6g.large'],
    ]);
    expect(rest.every((f) => f.platformChange && f.confidence === 'low')).toBe(true);
    expect(report.countsByRule).toEqual({ 'ebs-gp2-to-gp3': 24, 'ec2-older-generation': 7, 'ec2-graviton-twin': 2 });
    const cents = (values: (string | null)[]) => values.reduce((s, v) => s + units(v ?? '0'), 0n);
    expect(units(report.totalMonthlySaving)).toBe(cents(report.findings.map((f) => f.monthlySaving)));
    expect(units(report.totalListMonthlySaving)).toBe(cents(report.findings.map((f) => f.listMonthlySaving)));
    expect(units(report.totalMonthlyCost)).toBe(cents(report.findings.map((f) => f.monthlyCost)));
    expect(units(report.totalMonthlySavingDeferred)).toBe(cents(report.findings.map((f) => f.monthlySavingDeferred)));
    // 43.12 at the instances' own rates; the hours reservations covered on two t2 and both c5.large instances leave the
    // cash (23.74 left; the gp2 volumes' months are November's 720 h, a GB-month charge's calendar month) and save 31.83 at list prices once taken up or ended: each c5.large (0.085 − 0.068) × 730 = 12.41.
    expect(rest.map((f) => [f.monthlySaving, f.monthlySavingDeferred])).toEqual([['0.00', '12.41'], ['0.00', '12.41']]);
    expect([report.totalMonthlySaving, report.totalMonthlySavingCommitment, report.totalMonthlySavingDeferred]).toEqual(['23.74', '0.00', '31.83']);
    // 55.76 at list prices before the free-tier volume left (its 0.19 at list saves nothing on the bill): 55.57.
    expect([report.totalMonthlyCost, report.totalListMonthlySaving]).toEqual(['314.65', '55.57']);
  });

  it('leaves the Graviton twins out with modernise.graviton.enabled: false', async () => {
    const { dir } = tempStore();
    const config = join(dir, 'costlens.config.yaml');
    writeFileSync(config, 'modernise:\n  graviton:\n    enabled: false\n');
    const run = await costlens(db, 'modernise', '--format', 'json', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    const rules = (JSON.parse(run.stdout) as ModerniseReport).findings.map((f) => f.rule);
    expect(rules).not.toContain('ec2-graviton-twin');
    expect(rules).toHaveLength(31);
  });
});

/**
 * rightsize and idle on the same store, which holds the bill alone (no metrics): rightsize said
 * "0 recommendations" and nothing else, as if the billed instances were the right size; and an
 * --as-of whose rule windows lie after the data horizon (2018-11-30) was accepted and judged no day,
 * so the idle Elastic IP finding vanished into "0 found" where modernise refuses such a day.
 */
describe('rightsize and idle on the real 2018 CUR, a store without metrics', () => {
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  });

  it('rightsize names the EC2 and RDS instances billed in its 14-day look-back that have no CPU metrics, counted by SQL on the Parquet file: 96 and 3', async () => {
    const counts = await billedInstancesBySql(REAL_NOV_2018, '2018-11-17', '2018-12-01');
    expect(counts).toEqual([{ service: 'ec2', instances: '96' }, { service: 'rds', instances: '3' }]);
    expect(await sqlRows(db, 'SELECT count(*) AS n FROM metrics')).toEqual([{ n: '0' }]);
    const note = '96 EC2 instances and 3 RDS instances billed in the look-back have no CPU metrics in the store, so they were not judged:'
      + ' ingest a metrics CSV (costlens ingest metrics.csv; README, "Ingest") or run costlens pull metrics';
    // JSON keeps its shape (the recommendations, none here); the note goes to stderr, as the metrics lines do.
    const json = await costlens(db, 'rightsize', '--format', 'json');
    expect([json.code, json.stdout, json.stderr]).toEqual([0, '[]\n', `costlens: metrics: ${note}\n`]);
    const table = await costlens(db, 'rightsize');
    expect([table.code, ...table.stdout.split('\n').slice(0, 3)]).toEqual([0,
      'Rightsizing as of 1 Dec 2018 (look-back 17–30 Nov 2018): 0 recommendations, $0.00 a month saved on the bill (EffectiveCost 1–30 Nov 2018 × 730/720: a month of 730 h)',
      `Metrics: ${note}.`, '']);
  });

  it('idle and rightsize refuse an --as-of whose rules look back on days after the data horizon only, in modernise\'s words; the last day accepted still finds the idle addresses', async () => {
    const refused = async (...args: string[]) => {
      const run = await costlens(db, ...args);
      return [run.code, run.stdout, run.stderr];
    };
    const hint = (last: string) => `  hint: give a day from 2018-10-02 to ${last}, or leave --as-of out for 2018-12-01 (the data horizon 2018-11-30 is the last day looked at)\n`;
    // Its 30-day cost window holds 30 Nov, so the check of the cost window let it through; the 7 days of idle's rules hold none of the data.
    expect(await refused('idle', '--as-of', '2018-12-30')).toEqual([2, '', 'costlens: --as-of 2018-12-30 is outside the billing data: the 7 days its shortest rule looks back on'
      + ` (23–29 Dec 2018) must hold a complete day from 1 Oct to 30 Nov 2018\n${hint('2018-12-07')}`]);
    expect(await refused('rightsize', '--as-of', '2018-12-30', '--format', 'json')).toEqual([2, '', 'costlens: --as-of 2018-12-30 is outside the billing data: its 14-day look-back'
      + ` (16–29 Dec 2018) must hold a complete day from 1 Oct to 30 Nov 2018\n${hint('2018-12-14')}`]);
    expect((await refused('idle', '--as-of', '2018-12-08'))[0]).toBe(2);
    // 2018-12-07 looks back on 30 Nov – 6 Dec: 30 Nov's 48 idle-address hours, 24 for each of the 2 addresses, reach idle.elasticIp.minIdleHours.
    const idle = await costlens(db, 'idle', '--as-of', '2018-12-07', '--format', 'json');
    expect(idle.code, idle.stderr).toBe(0);
    const [eip] = JSON.parse(idle.stdout) as IdleFinding[];
    expect([eip.rule, eip.lookback, eip.monthlySaving]).toEqual(['eip-idle-address', { start: '2018-11-30', end: '2018-12-07' }, '7.30']);
  });
});
