/**
 * The query API on the real October and November 2018 files (the cached store of one `costlens ingest`
 * each, only read): the listed queries, JSON, CSV and Arrow answers equal to line_items' sums and the
 * CLI's bytes, parameters checked, results cached per store generation, and the security headers on
 * every answer. Without a store, or with no billing lines yet: api-without-billing-data.test.ts.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { TODAY, apiRows, expectSecurityHeaders, realFilesApp } from './helpers.ts';

/** Decodes an Arrow table back to text cells as the CLI prints them, written here independently of src/server. */
function arrowToText(table: Table): Record<string, string | null>[] {
  const fields = table.schema.fields;
  return table.toArray().map((row) =>
    Object.fromEntries(
      fields.map((field) => {
        const value = row[field.name];
        if (value === null || value === undefined) return [field.name, null];
        const type = String(field.type);
        const decimal = /^Decimal\[(\d+)e([+-]?\d+)\]$/.exec(type);
        if (decimal) {
          const scale = Number(decimal[2]);
          const digits = String(value);
          const negative = digits.startsWith('-');
          const padded = digits.replace('-', '').padStart(scale + 1, '0');
          return [field.name, `${negative ? '-' : ''}${padded.slice(0, padded.length - scale)}${scale ? `.${padded.slice(-scale)}` : ''}`];
        }
        if (type.startsWith('Date')) return [field.name, new Date(value as number).toISOString().slice(0, 10)];
        return [field.name, String(value)];
      }),
    ),
  );
}

describe('the query API on the real October and November 2018 files', () => {
  const real = realFilesApp();
  const sqlRows = real.sqlRows;

  it('GET /api/queries lists every query with its parameters, defaults and allowed values', async () => {
    const response = await real.app.request('/api/queries');
    expect(response.status).toBe(200);
    const { queries } = await response.json();
    const byName = Object.fromEntries(queries.map((q: { name: string }) => [q.name, q]));
    expect(byName['store/spend_by_service'].params).toEqual([
      { name: 'period', type: 'VARCHAR', required: true, description: 'billing period, YYYY-MM (a month 01 to 12)', pattern: '[0-9]{4}-(0[1-9]|1[0-2])' },
    ]);
    expect(byName['store/spend_by_service'].returns).toEqual(['ServiceName', 'rows', 'billed_cost', 'effective_cost', 'list_cost']);
    const dimension = byName['explore/spend_by'].params.find((p: { name: string }) => p.name === 'dimension');
    expect(dimension).toMatchObject({ type: 'VARCHAR', required: false, default: 'service', oneOf: ['service', 'account', 'region', 'usage_type', 'tag', 'resource'] });
    const top = byName['explore/spend_by'].params.find((p: { name: string }) => p.name === 'top');
    expect(top).toMatchObject({ type: 'INTEGER', default: '25', min: 1, max: 500 });
    expect(Object.keys(byName)).toEqual(expect.arrayContaining([
      'overview/daily_spend_by_service', 'overview/month_to_date', 'overview/top_services', 'overview/top_accounts', 'overview/data_range',
      'explore/spend_by', 'explore/daily_spend_by', 'explore/tag_keys', 'store/periods_by_source',
    ]));
  });

  it('JSON: spend by service for 2018-10 equals the same sums taken straight from line_items, to the last digit', async () => {
    const response = await real.app.request('/api/queries/store/spend_by_service?period=2018-10');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await response.json();
    expect(body.query).toBe('store/spend_by_service');
    expect(body.params).toEqual({ period: '2018-10' });
    expect(body.columns).toEqual([
      { name: 'ServiceName', type: 'VARCHAR' },
      { name: 'rows', type: 'BIGINT' },
      { name: 'billed_cost', type: 'DECIMAL(38,10)' },
      { name: 'effective_cost', type: 'DECIMAL(38,10)' },
      { name: 'list_cost', type: 'DECIMAL(38,10)' },
    ]);
    const expected = await sqlRows(`SELECT ServiceName, count(*) AS rows, sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost, sum(ListCost) AS list_cost
      FROM line_items WHERE x_BillingPeriod = '2018-10' GROUP BY ServiceName ORDER BY sum(BilledCost) DESC, ServiceName`);
    expect(body.rows).toEqual(expected);
    expect(body.rows).toHaveLength(16);
    const [total] = await sqlRows(`SELECT sum(BilledCost) AS billed FROM line_items WHERE x_BillingPeriod = '2018-10'`);
    expect(total.billed).toBe('4064.4831315379');
  });

  it('CSV: the exact bytes `costlens query NAME --format csv` prints', async () => {
    for (const [name, params] of [
      ['store/spend_by_service', { period: '2018-11' }],
      ['explore/spend_by', { dimension: 'tag', tag_key: 'cost_center', start: '2018-10-01', end: '2018-11-01' }],
      ['store/periods_by_source', { today: TODAY }],
    ] as const) {
      const response = await real.app.request(`/api/queries/${name}?${new URLSearchParams({ ...params, format: 'csv' })}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const cli = await costlens(real.db, 'query', name, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]), '--format', 'csv');
      expect(cli.code).toBe(0);
      expect(await response.text()).toBe(cli.stdout);
    }
  });

  it('Arrow IPC decodes to the same rows: DECIMAL and HUGEINT sums as exact Decimal128, BIGINT as Int64, DATE as days', async () => {
    const params = 'dimension=tag&tag_key=cost_center&start=2018-10-01&end=2018-11-01';
    const json = await apiRows(await real.app.request(`/api/queries/explore/spend_by?${params}`));
    const response = await real.app.request(`/api/queries/explore/spend_by?${params}&format=arrow`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'value: Utf8', 'name: Utf8', 'cost: Decimal[38e+10]', 'lines: Decimal[38e0]', 'share_pct: Float64', 'rank: Int64',
    ]);
    expect(arrowToText(table)).toEqual(json);

    const mtd = await real.app.request(`/api/queries/overview/month_to_date?as_of=${TODAY}&format=arrow`);
    const mtdTable = tableFromIPC(new Uint8Array(await mtd.arrayBuffer()));
    expect(arrowToText(mtdTable)).toEqual(await apiRows(await real.app.request(`/api/queries/overview/month_to_date?as_of=${TODAY}`)));
  });

  it('month to date as of 15 Nov 2018 against 1–15 Oct: usage 2322.4424185468 against 1814.1554646465 (+28.02 %), every class 2469.8264185468 against 1963.9308436465, as line_items sums them', async () => {
    const rows = await apiRows(await real.app.request(`/api/queries/overview/month_to_date?as_of=${TODAY}`));
    const byClass = Object.fromEntries(rows.map((r) => [r.charge_class, r]));
    const [expected] = await sqlRows(`SELECT
        sum(BilledCost) FILTER (WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-11-16') AS usage_current,
        sum(BilledCost) FILTER (WHERE x_ChargeClass = 'usage' AND ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-10-16') AS usage_previous,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-11-16') AS all_current,
        sum(BilledCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-10-16') AS all_previous
      FROM line_items`);
    expect(rows.map((r) => r.charge_class)).toEqual(['usage', 'recurring', 'one-time', 'tax', 'credit', 'adjustment', 'total']);
    expect(byClass.usage).toMatchObject({
      current_start: '2018-11-01', current_end: '2018-11-16', previous_start: '2018-10-01', previous_end: '2018-10-16',
      current_cost: expected.usage_current, previous_cost: expected.usage_previous,
    });
    expect([byClass.usage.current_cost, byClass.usage.previous_cost, byClass.usage.change, byClass.usage.change_pct]).toEqual(['2322.4424185468', '1814.1554646465', '508.2869539003', '28.02']);
    expect([byClass.total.current_cost, byClass.total.previous_cost]).toEqual([expected.all_current, expected.all_previous]);
    expect([byClass.total.current_cost, byClass.total.previous_cost, byClass.total.change]).toEqual(['2469.8264185468', '1963.9308436465', null]);
  });

  it('"same days last month" at month ends: when last month has fewer days than this month holds (29–31 March, 31 October), as many days just before this month; 28 March, 15 March and 31 January keep the same days', async () => {
    const ranges: Record<string, string[]> = {};
    const asOfs = ['2019-03-31', '2019-03-30', '2019-03-29', '2019-03-28', '2019-03-15', '2020-03-31', '2019-01-31', '2018-10-31'];
    for (const asOf of asOfs) {
      const [row] = await apiRows(await real.app.request(`/api/queries/overview/month_to_date?as_of=${asOf}`));
      ranges[asOf] = [row.current_start!, row.current_end!, row.previous_start!, row.previous_end!];
    }
    expect(ranges).toEqual({
      '2019-03-31': ['2019-03-01', '2019-04-01', '2019-01-29', '2019-03-01'],
      '2019-03-30': ['2019-03-01', '2019-03-31', '2019-01-30', '2019-03-01'],
      '2019-03-29': ['2019-03-01', '2019-03-30', '2019-01-31', '2019-03-01'],
      '2019-03-28': ['2019-03-01', '2019-03-29', '2019-02-01', '2019-03-01'],
      '2019-03-15': ['2019-03-01', '2019-03-16', '2019-02-01', '2019-02-16'],
      '2020-03-31': ['2020-03-01', '2020-04-01', '2020-01-30', '2020-03-01'],
      '2019-01-31': ['2019-01-01', '2019-02-01', '2018-12-01', '2019-01-01'],
      '2018-10-31': ['2018-10-01', '2018-11-01', '2018-08-31', '2018-10-01'],
    });
    // Always equal spans: as many days on each side.
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    for (const [asOf, [cs, ce, ps, pe]] of Object.entries(ranges)) expect(days(ps, pe), asOf).toBe(days(cs, ce));
  });

  it('spend by cost_center tag for October: the published figures, and the rows add up to the month', async () => {
    const rows = await apiRows(await real.app.request('/api/queries/explore/spend_by?dimension=tag&tag_key=cost_center&start=2018-10-01&end=2018-11-01'));
    expect(rows.map((r) => [r.value, r.cost, r.lines])).toEqual([
      ['(untagged)', '3682.9708968519', '84847'],
      ['Cost001', '174.8049056859', '23424'],
      ['Cost002', '149.3873981614', '7190'],
      ['Cost006', '37.2359982298', '1923'],
      ['Cost005', '14.1495820005', '789'],
      ['Cost004', '5.9343506084', '1134'],
    ]);
    const [check] = await sqlRows(`SELECT sum(BilledCost) AS total, count(*) AS lines FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-11-01'`);
    expect(check).toEqual({ total: '4064.4831315379', lines: '119307' });
    const cents = rows.reduce((sum, r) => sum + BigInt(r.cost!.replace('.', '')), 0n);
    expect(cents).toBe(BigInt('4064.4831315379'.replace('.', '')));
    expect(rows.reduce((n, r) => n + Number(r.lines), 0)).toBe(119307);
  });

  it('"Other (N more)" sums every group past top, so the rows still add up to the total', async () => {
    const rows = await apiRows(await real.app.request('/api/queries/explore/spend_by?dimension=region&start=2018-10-01&end=2018-11-01&top=3'));
    const regions = await sqlRows(`SELECT RegionId AS value, sum(BilledCost) AS cost FROM line_items
      WHERE x_BillingPeriod = '2018-10' GROUP BY RegionId ORDER BY sum(BilledCost) DESC, RegionId`);
    expect(regions).toHaveLength(17);
    expect(rows.slice(0, 3).map((r) => [r.value, r.cost])).toEqual(regions.slice(0, 3).map((r) => [r.value, r.cost]));
    const rest = await sqlRows(`SELECT sum(cost) AS cost FROM (SELECT RegionId, sum(BilledCost) AS cost FROM line_items WHERE x_BillingPeriod = '2018-10'
      GROUP BY RegionId ORDER BY sum(BilledCost) DESC, RegionId OFFSET 3)`);
    expect(rows[3]).toMatchObject({ value: 'Other (14 more)', cost: rest[0].cost, rank: '4' });
    expect(rows).toHaveLength(4);
  });

  it('the tag keys of October, most cost first, from grouped key sets', async () => {
    const rows = await apiRows(await real.app.request('/api/queries/explore/tag_keys?start=2018-10-01&end=2018-11-01'));
    const expected = await sqlRows(`SELECT k AS tag_key, count(*) AS lines, sum(BilledCost) AS cost
      FROM (SELECT unnest(map_keys(Tags)) AS k, BilledCost FROM line_items WHERE x_BillingPeriod = '2018-10') GROUP BY k ORDER BY sum(BilledCost) DESC, k`);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r.tag_key).slice(0, 3)).toEqual(['aws:created_by', 'workload_type', 'cost_center']);
  });

  it('a query run on its declared defaults: attribution/tag_keys with its open bounds (0001-01-01 to 9999-12-31) is every period', async () => {
    const rows = await apiRows(await real.app.request('/api/queries/attribution/tag_keys'));
    // The most used first, then by key (queries/attribution/tag_keys.sql).
    const expected = await sqlRows(`SELECT k AS tag_key, count(*) AS lines FROM (SELECT unnest(map_keys(Tags)) AS k FROM line_items) GROUP BY k ORDER BY lines DESC, k`);
    expect(rows).toEqual(expected);
    const months = await sqlRows(`SELECT count(DISTINCT x_BillingPeriod) AS n FROM line_items`);
    expect(months).toEqual([{ n: '2' }]);
  });

  it('bad parameters are 400 with a JSON message naming the parameter, never a 500', async () => {
    const cases: [string, RegExp][] = [
      ['store/spend_by_service?period=2018-10&bogus=1', /query store\/spend_by_service has no parameter "bogus"/],
      ['store/spend_by_service', /needs parameter "period"/],
      ['store/spend_by_service?period=2018-10&period=2018-11', /parameter "period" of store\/spend_by_service is given 2 times/],
      ['explore/spend_by?start=2018-02-30&end=2018-03-01', /parameter "start" of explore\/spend_by must be a date YYYY-MM-DD; got "2018-02-30"/],
      ['explore/spend_by?start=yesterday&end=2018-03-01', /parameter "start" .* must be a date/],
      ['explore/spend_by?start=2018-10-01&end=2018-11-01&dimension=ServiceName', /parameter "dimension" .* must be one of service, account, region, usage_type, tag, resource; got "ServiceName"/],
      ["explore/spend_by?start=2018-10-01&end=2018-11-01&dimension=service'%20OR%201=1", /must be one of service/],
      ['explore/spend_by?start=2018-10-01&end=2018-11-01&top=0', /parameter "top" .* must be between 1 and 500; got "0"/],
      ['explore/spend_by?start=2018-10-01&end=2018-11-01&top=99999999999999999999', /parameter "top" .* must be an integer/],
      ['explore/spend_by?start=2018-10-01&end=2018-11-01&top=2.5', /must be an integer/],
      [`explore/spend_by?start=2018-10-01&end=2018-11-01&tag_key=${'k'.repeat(300)}`, /parameter "tag_key" .* must be at most 256 characters/],
      ['explore/spend_by?start=2018-10-01&end=2018-11-01&tag_key=a%00b', /text without control characters/],
      ['store/periods_by_source?today=2018-13-01', /parameter "today" .* must be a date/],
      ['store/spend_by_service?period=2018-10&__proto__=x', /query store\/spend_by_service has no parameter "__proto__"/],
      ['store/spend_by_service?period=2018-10&format=xlsx', /format must be one of json, csv, arrow; got "xlsx"/],
    ];
    for (const [path, message] of cases) {
      const response = await real.app.request(`/api/queries/${path}`);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.error.code, path).toBe('usage');
      expect(body.error.message, path).toMatch(message);
      expectSecurityHeaders(response);
    }
  });

  it('an unknown query is 404, and names outside area/name never reach the file system', async () => {
    for (const path of ['/api/queries/store/no_such_query', '/api/queries/..%2F..%2Fetc%2Fpasswd', '/api/queries/store/../../package', '/api/queries/STORE/SPEND']) {
      const response = await real.app.request(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });

  it('results are cached per store generation: the second request is a hit with the same bytes, and an ETag revalidates to 304', async () => {
    const url = '/api/queries/explore/daily_spend_by?start=2018-11-01&end=2018-11-08&dimension=account';
    const first = await real.app.request(url);
    const second = await real.app.request(url);
    expect(first.headers.get('x-costlens-cache')).toBe('miss');
    expect(second.headers.get('x-costlens-cache')).toBe('hit');
    expect(await second.text()).toBe(await first.text());
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"${first.headers.get('x-costlens-generation')}\\.`));
    const revalidated = await real.app.request(url, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    const sameParamsSpelledOut = await real.app.request(`${url}&cost=billed&top=8`);
    expect(sameParamsSpelledOut.headers.get('x-costlens-cache')).toBe('hit');
  });

  it('GET /healthz: 200 with the generation it reads', async () => {
    const response = await real.app.request('/healthz');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('ok');
    expect(body.generation).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expectSecurityHeaders(response);
  });

  it('security headers are on every kind of response: JSON, CSV, HTML, assets, 304, 400, 404', async () => {
    for (const path of ['/api/queries', '/api/queries/store/spend_by_service?period=2018-10&format=csv', '/vendor/vega-embed.js', '/assets/app.js', '/nope', '/api/queries/store/spend_by_service']) {
      expectSecurityHeaders(await real.app.request(path));
    }
    expectSecurityHeaders(await real.app.request('/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=billed', { headers: { accept: 'text/html' } }));
  });

  it('serves vega, vega-lite and vega-embed from node_modules, gzipped on request', async () => {
    const { readFileSync } = await import('node:fs');
    const { gunzipSync } = await import('node:zlib');
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const require = createRequire(import.meta.url);
    for (const [route, pkg, file] of [['vega.js', 'vega', 'vega.min.js'], ['vega-lite.js', 'vega-lite', 'vega-lite.min.js'], ['vega-embed.js', 'vega-embed', 'vega-embed.min.js']]) {
      const onDisk = readFileSync(join(dirname(require.resolve(pkg)), file));
      const plain = await real.app.request(`/vendor/${route}`);
      expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(Buffer.from(await plain.arrayBuffer()).equals(onDisk)).toBe(true);
      const zipped = await real.app.request(`/vendor/${route}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).equals(onDisk)).toBe(true);
    }
  });

  it('refuses a Host header that is not loopback (DNS rebinding) with 421', async () => {
    const response = await real.app.request('http://attacker.example/api/queries');
    expect(response.status).toBe(421);
    expectSecurityHeaders(response);
    expect((await real.app.request('http://127.0.0.1:8787/healthz')).status).toBe(200);
    expect((await real.app.request('http://[::1]:8787/healthz')).status).toBe(200);
  });
});
