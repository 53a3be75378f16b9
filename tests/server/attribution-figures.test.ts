/**
 * The Attribution page on the demo organisation against `costlens attribute` with the same config (the
 * demo's truth config: the team key and its aliases, tax and support shared: tests/helpers/attribution-demo.ts):
 * the CSV download, the table, the coverage, the shared-cost split and the charts are the command's
 * figures, reconciled to the line items. The analyses API, bad parameters and the notes of the days
 * each period covers: attribution-api-refusals-notes.test.ts; on the real 2018 files without a config:
 * attribution-real-2018.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { sqlRows } from '../helpers/cli.ts';
import { attributionDemoPerFile } from '../helpers/attribution-demo.ts';
import { expectSecurityHeaders, page } from './helpers.ts';
import { figure, parseCsv, tableHtml, tableRows } from './page-helpers.ts';

/** Query strings and the `costlens attribute` flags that mean the same selection. */
const SELECTIONS: [string, string[]][] = [
  ['tag=team&period=2026-11&cost=billed', ['--tag', 'team', '--period', '2026-11', '--cost', 'billed']],
  ['tag=team&period=2026-10&cost=effective', ['--tag', 'team', '--period', '2026-10', '--cost', 'effective']],
  ['tag=team&start=2026-10-05&end=2026-11-10&cost=billed', ['--tag', 'team', '--from', '2026-10-05', '--to', '2026-11-10', '--cost', 'billed']],
  ['tag=cost_center&period=2026-09&cost=billed', ['--tag', 'cost_center', '--period', '2026-09', '--cost', 'billed']],
  ['tag=environment&period=2026-11&cost=effective', ['--tag', 'environment', '--period', '2026-11', '--cost', 'effective']],
];

describe('the Attribution page on the demo organisation: its figures are `costlens attribute`\'s with the same config', () => {
  const demo = attributionDemoPerFile();
  const { attribute } = demo;

  it('a bare /attribution is redirected to the first configured key, the last complete month (October: the data runs to 14 Nov) and billed cost', async () => {
    const response = await page(demo.app, '/attribution');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/attribution?tag=team&period=2026-10&cost=billed');
    expect((await page(demo.app, '/attribution?tag=cost_center')).headers.get('location')).toBe('/attribution?tag=cost_center&period=2026-10&cost=billed');
    const html = await (await page(demo.app, '/attribution?tag=team&period=2026-10&cost=billed')).text();
    expect(html).toContain('Billing period 2026-10, the last complete month; data complete through 14 Nov 2026, the last complete day in the store');
    expect(html).toContain('month to date: 1–14 Nov 2026</a>');
    expect((await page(demo.app, '/attribution?start=2026-10-01&end=2026-10-15')).headers.get('location'))
      .toBe('/attribution?tag=team&start=2026-10-01&end=2026-10-15&cost=billed');
  });

  it('the CSV download is byte for byte `costlens attribute --format csv` for the same options', async () => {
    for (const [query, flags] of SELECTIONS) {
      const response = await demo.app.request(`/attribution.csv?${query}`);
      expect(response.status, query).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="attribution-[a-z_]+-[0-9_-]+-(billed|effective)\.csv"$/);
      const body = Buffer.from(await response.arrayBuffer());
      const expected = Buffer.from(await attribute(...flags, '--format', 'csv'));
      expect(body.equals(expected), query).toBe(true);
      expect(parseCsv(expected.toString()).length).toBeGreaterThan(3);
    }
    // Without a period, both take the latest billing period.
    expect(await (await demo.app.request('/attribution.csv?tag=team')).text()).toBe(await attribute('--tag', 'team', '--format', 'csv'));
  });

  it('the page\'s table holds exactly the CSV\'s rows, with (untagged) shown, and links the CSV of its own filters', async () => {
    for (const [query, flags] of SELECTIONS) {
      const response = await page(demo.app, `/attribution?${query}`);
      expect(response.status, query).toBe(200);
      expectSecurityHeaders(response);
      const html = await response.text();
      const [header, ...rows] = parseCsv(await attribute(...flags, '--format', 'csv'));
      // Headed in words (the key's column by the tag key), each naming its CSV column in data-column.
      const heads = [...tableHtml(html, 'attribution-table').matchAll(/<th[^>]* data-column="([^"]*)"[^>]*>(.*?)<\/th>/g)];
      expect(heads.map((m) => m[1]), query).toEqual(header);
      expect(heads.filter((_, i) => i !== 1).map((m) => m[2]).filter((words) => words.includes('_')), query).toEqual([]);
      expect(heads.find((m) => m[1] === 'billed_shared_by_billed')?.[2], query).toBe('Billed, shared (split by billed)');
      expect(tableRows(html, 'attribution-table'), query).toEqual(rows);
      // As shown: each share column (…_share_pct) as a percentage, every other figure as money.
      const body = /<tbody>([^]*?)<\/tbody>/.exec(tableHtml(html, 'attribution-table'))![1];
      // (A method may break after each + of its parts: tag+<wbr>alias+<wbr>shared:tax.)
      const shown = [...body.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((tr) => [...tr[1].matchAll(/<td[^>]*>([^]*?)<\/td>/g)].map((m) => m[1]));
      expect(shown.map((row) => row[2].replaceAll('+<wbr>', '+')), query).toEqual(rows.map((r) => r[2]));
      for (const row of shown) {
        header.forEach((column, i) => {
          if (i >= 3) expect(row[i], `${query} ${column}`).toMatch(column.endsWith('_pct') ? /^−?\d+\.\d\d%$/ : /^−?\$[\d,]+\.\d\d$/);
        });
      }
      expect(html).toContain(`id="attribution-csv" href="/attribution.csv?${query.replaceAll('&', '&amp;')}" download`);
      const costColumn = header.indexOf(query.includes('cost=effective') ? 'effective_cost' : 'billed_cost');
      const total = rows.reduce((s, r) => s + BigInt(r[costColumn].replace('.', '')), 0n);
      expect(BigInt(figure(html, 'attribution-total')!.replace('.', '')), query).toBe(total);
      const untagged = rows.filter((r) => r[1] === '(untagged)').reduce((s, r) => s + BigInt(r[costColumn].replace('.', '')), 0n);
      expect(BigInt(figure(html, 'attribution-untagged')!.replace('.', '')), query).toBe(untagged);
      expect(rows.some((r) => r[1] === '(untagged)'), query).toBe(true);
    }
  });

  it('the total reconciles to the line items of the period, to the cent, in both measures', async () => {
    const [sums] = await sqlRows(demo.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS effective
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-11-01'`);
    expect(figure(await (await page(demo.app, '/attribution?tag=team&period=2026-11&cost=billed')).text(), 'attribution-total')).toBe(sums.billed);
    expect(figure(await (await page(demo.app, '/attribution?tag=team&period=2026-11&cost=effective')).text(), 'attribution-total')).toBe(sums.effective);
    expect(sums.billed).not.toBe(sums.effective);
  });

  it('normalised keys: the configured team key reads team, Team and TEAM, and its values fold to the canonical teams', async () => {
    const html = await (await page(demo.app, '/attribution?tag=team&period=2026-11&cost=billed')).text();
    const values = tableRows(html, 'attribution-table').map((r) => r[1]);
    // search and checkout carry the demo's planted surge and new function (truth.json plantedMovements).
    expect(values).toEqual(['payments', 'search', 'data-platform', 'checkout', 'platform', 'ml', 'identity', 'marketing', 'logistics', '(untagged)']);
    // The choices: configured keys first, then the raw keys of the period.
    const select = /<select name="tag">([^]*?)<\/select>/.exec(html)![1];
    const configured = /<optgroup label="configured \(normalised\)">([^]*?)<\/optgroup>/.exec(select)![1];
    const raw = /<optgroup label="raw keys in the data">([^]*?)<\/optgroup>/.exec(select)![1];
    expect([...configured.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['team', 'cost_center']);
    const rawKeys = await sqlRows(demo.db, `SELECT DISTINCT k AS k FROM (SELECT unnest(map_keys(Tags)) AS k FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-11-01') ORDER BY 1`);
    expect([...raw.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).sort()).toEqual(rawKeys.map((r) => r.k).filter((k) => k !== 'team' && k !== 'cost_center').sort());
    expect(configured).toContain('<option value="team" selected>team</option>');
  });

  it('coverage per billing period equals `costlens attribute --coverage period` for each period', async () => {
    for (const cost of ['billed', 'effective']) {
      const html = await (await page(demo.app, `/attribution?tag=team&period=2026-11&cost=${cost}`)).text();
      const shown = tableRows(html, 'coverage-table');
      expect(shown.map((r) => r[0])).toEqual(['2026-09', '2026-10', '2026-11']);
      for (const row of shown) {
        const [, expected] = parseCsv(await attribute('--tag', 'team', '--period', row[0], '--cost', cost, '--coverage', 'period', '--format', 'csv'));
        expect(row, `${row[0]} ${cost}`).toEqual(expected);
      }
      expect(figure(html, 'attribution-coverage')).toBe(shown[2][6]);
      const spec = await (await demo.app.request(`/api/charts/attribution_coverage?tag=team&period=2026-11&cost=${cost}`)).json();
      expect(spec.data.values.map((v: { period: string; coverage_pct: number }) => [v.period, v.coverage_pct])).toEqual(shown.map((r) => [r[0], Number(r[6])]));
    }
  });

  it('the shared-cost split: each rule\'s shares per value are `--detail`\'s shared rows, within a cent per recipient of the pool', async () => {
    const html = await (await page(demo.app, '/attribution?tag=team&period=2026-10&cost=billed')).text();
    const split = tableRows(html, 'shared-split');
    const detail = parseCsv(await attribute('--tag', 'team', '--period', '2026-10', '--detail', '--format', 'csv')).slice(1)
      .filter((r) => r[2].startsWith('shared:'))
      .map((r) => [r[1], r[2], r[0], r[3], r[4]]);
    expect([...split].sort()).toEqual([...detail].sort());
    expect(new Set(split.map((r) => r[1]))).toEqual(new Set(['shared:tax', 'shared:support']));
    const pools = tableRows(html, 'shared-pools');
    for (const pool of pools) {
      // Each row is rounded to cents as a whole, then its parts: a pool's shares are within a cent per recipient of it.
      const shares = split.filter((r) => r[1] === pool[0]);
      const cents = shares.reduce((s, r) => s + BigInt(r[3].replace('.', '')), 0n);
      const [exact] = await sqlRows(demo.db, `SELECT CAST(round(CAST('${pool[4]}' AS DECIMAL(38,10)), 2) AS VARCHAR) AS c`);
      const gap = cents - BigInt(exact.c!.replace('.', ''));
      expect(gap >= -BigInt(shares.length) && gap <= BigInt(shares.length), pool[0]).toBe(true);
      expect(Number(pool[6]), pool[0]).toBe(shares.length);
    }
    const [tax] = await sqlRows(demo.db, `SELECT sum(BilledCost) AS c FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' AND ChargeCategory = 'Tax'`);
    expect(pools.find((p) => p[0] === 'shared:tax')![4]).toBe(tax.c);
    const spec = await (await demo.app.request('/api/charts/attribution_shared?tag=team&period=2026-10&cost=billed')).json();
    expect(spec.data.values.map((v: { value: string; rule: string; amount: number }) => [v.value, `shared:${v.rule}`, v.amount]).sort())
      .toEqual(split.map((r) => [r[0], r[1], Number(r[3])]).sort());
  });

  it('the spend-by-value chart is fed the CSV\'s rows: direct and shared cents of the chosen measure', async () => {
    for (const [query, flags] of SELECTIONS.slice(0, 3)) {
      const spec = await (await demo.app.request(`/api/charts/attribution_by_value?${query}`)).json();
      const [header, ...rows] = parseCsv(await attribute(...flags, '--format', 'csv'));
      const m = query.includes('cost=effective') ? 'effective' : 'billed';
      const col = (name: string) => header.indexOf(name);
      expect(spec.data.values.map((v: Record<string, unknown>) => [v.period, v.value, v.direct, v.shared, v.cost]), query).toEqual(
        rows.map((r) => [r[0], r[1], Number(r[col(`${m}_direct`)]), Number(r[col(`${m}_shared_by_${m}`)]), Number(r[col(`${m}_cost`)])]),
      );
      expect(spec.usermeta.costlens.query).toBe('attribution/allocation');
    }
  });
});
