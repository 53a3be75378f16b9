/**
 * The Optimisation page on the demo organisation with its truth config (tests/helpers/optimisation-demo.ts):
 * its owner tag menu, look-back spans and redirect, owners read from each resource's tags, the
 * filters kept in the URL, a rightsizing look-back longer than the cost window on the downloads,
 * and bad parameters refused. Its findings against the CLI's: optimisation-findings.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { costlens } from '../helpers/cli.ts';
import { findings, optimisationDemoPerFile, spanValue } from '../helpers/optimisation-demo.ts';
import { appOn, expectSecurityHeaders, page } from './helpers.ts';
import { DEMO_NOW, cli, figure } from './page-helpers.ts';
import { text, units } from './exact-units.ts';

describe('the Optimisation page on the demo organisation: its menus, owners, filters, look-backs and refusals', () => {
  const demo = optimisationDemoPerFile();

  it('the Owner tag menu lists the tag keys as Explore\'s tag menu does (the configured team and cost_center stand for their spellings; it listed CostCenter, TEAM, Team, cost-center, …), the inventory\'s Name after them; a raw key in the URL still works', async () => {
    const options = (html: string, name: string) => [...new RegExp(`<select[^>]*name="${name}"[^>]*>([^]*?)</select>`).exec(html)![1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    const explore = options(await (await page(demo.app, '/explore?dimension=service&preset=last_30_days&cost=billed')).text(), 'tag_key');
    expect(explore).toEqual(['-', 'team', 'environment', 'cost_center', 'aws:created_by']);
    expect(options(await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text(), 'owner_key')).toEqual([...explore, 'Name']);
    const raw = await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=TEAM');
    expect(raw.status).toBe(200);
    const html = await raw.text();
    expect(options(html, 'owner_key')).toEqual(['-', 'TEAM', 'team', 'environment', 'cost_center', 'aws:created_by', 'Name']);
    expect(html).toContain('<option value="TEAM" selected>');
  });

  it('each finding names its look-back as every page writes a span (it said "look-back 1 Nov 2026 – 14 Nov 2026")', async () => {
    const html = await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
    expect(html).toContain('look-back 1–14 Nov 2026</p>');
    expect(html).toContain('look-back 8–14 Nov 2026</p>');
    expect(html).not.toMatch(/look-back \d+ \w+ \d{4} – /);
  });

  it('a bare /optimisation is redirected to the analysers\' as-of day and the configured owner tag', async () => {
    const response = await page(demo.app, '/optimisation');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/optimisation?as_of=2026-11-15&owner_key=team');
    expect((await page(demo.app, '/optimisation?rule=ebs-unattached')).headers.get('location')).toBe('/optimisation?as_of=2026-11-15&rule=ebs-unattached&owner_key=team');
  });

  it('owners are the team tag of each resource (its bill by cost, else its inventory), normalised with the config\'s aliases', async () => {
    const rows = findings(await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text());
    const truth = JSON.parse((await import('node:fs')).readFileSync(`${inject('demoDir')}/truth.json`, 'utf8')).tagging.teamAliases as Record<string, string[]>;
    const canonical = (raw: string) => Object.entries(truth).find(([, spellings]) => spellings.some((s) => s.trim().toLowerCase() === raw.trim().toLowerCase()))?.[0] ?? raw.trim();
    // For every row's resource at once: the team tag on most of its cost in the 30 days (ties by value), and its latest inventory record's.
    const ids = [...new Set(rows.map((r) => r.id))].map((id) => `'${id}'`).join(', ');
    const bills = new Map((await demo.store.rows(`SELECT id, v FROM (SELECT ResourceId AS id, Tags['team'] AS v, sum(EffectiveCost) AS c FROM line_items WHERE ResourceId IN (${ids})
        AND ChargePeriodStart >= TIMESTAMP '2026-10-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15' AND Tags['team'] IS NOT NULL GROUP BY 1, 2)
      QUALIFY row_number() OVER (PARTITION BY id ORDER BY c DESC, v) = 1`)).map((r) => [r.id, r.v]));
    const inventories = new Map((await demo.store.rows(`SELECT resource_id AS id, coalesce(tags['team'], tags['Team'], tags['TEAM']) AS v FROM resources WHERE resource_id IN (${ids})
      QUALIFY row_number() OVER (PARTITION BY resource_id ORDER BY observed_at DESC) = 1`)).map((r) => [r.id, r.v]));
    for (const row of rows) {
      const raw = bills.get(row.id) ?? inventories.get(row.id) ?? null;
      expect(row.owner, row.id).toBe(raw === null ? '(untagged)' : canonical(raw));
    }
    expect(new Set(rows.map((r) => r.owner)).size).toBeGreaterThan(4);
    expect(rows.find((r) => r.id === 'i-06ed77da38103e0dd')?.owner).toBe('payments');
  });

  it('filters by account, rule and owner (kept in the URL) narrow the rows and recompute the totals', async () => {
    const all = findings(await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text());
    const account = '730604943011';
    // Each filter, the rows it keeps and how many: of the 31 findings, 6 in the account, the 3 unattached volumes, payments' 8 (as its team e-mail lists them), 4 untagged.
    const filters: [string, (r: (typeof all)[number]) => boolean, number][] = [
      [`account=${account}`, (r) => r.account === account, 6],
      ['rule=ebs-unattached', (r) => r.rule === 'ebs-unattached', 3],
      ['owner=payments', (r) => r.owner === 'payments', 8],
      ['owner=(untagged)', (r) => r.owner === '(untagged)', 4],
      [`account=${account}&rule=rightsize-downsize&owner=payments`, (r) => r.account === account && r.rule === 'rightsize-downsize' && r.owner === 'payments', 5],
    ];
    expect(all.length).toBe(31);
    for (const [query, keep, count] of filters) {
      const html = await (await page(demo.app, `/optimisation?as_of=2026-11-15&owner_key=team&${query}`)).text();
      const rows = findings(html);
      const expected = all.filter(keep);
      expect(rows, query).toEqual(expected);
      expect(rows.length, query).toBe(count);
      const idleRows = rows.filter((r) => !r.rule.startsWith('rightsize'));
      expect(figure(html, 'optimisation-idle'), query).toBe(text(idleRows.reduce((s, r) => s + units(r.saving), 0n), 2));
      expect(spanValue(html, 'optimisation-idle-cost'), query).toBe(text(idleRows.reduce((s, r) => s + units(r.cost), 0n)));
      expect(html).toContain(`data-chart="optimisation_savings" data-params="${new URLSearchParams({
        as_of: '2026-11-15', account: /account=(\d+)/.exec(query)?.[1] ?? '', rule: /rule=([a-z-]+)/.exec(query)?.[1] ?? '', owner_key: 'team', owner: /owner=([^&]+)/.exec(query)?.[1] ?? '',
      }).toString().replaceAll('&', '&amp;')}"`);
      const spec = await (await demo.app.request(`/api/charts/optimisation_savings?as_of=2026-11-15&owner_key=team&${query}`)).json();
      expect(spec.data.values.map((v: { resource_id: string; rule: string; saving: number }) => [v.resource_id, v.rule, v.saving]), query)
        .toEqual(expected.map((r) => [r.id, r.rule, Number(r.saving)]));
    }
  });

  it('a rightsizing.lookbackDays over 30: the rightsize downloads check the days `costlens rightsize --as-of` checks (its 45 days, not the 30 of the cost window), in its words', async () => {
    const longPath = join(dirname(demo.configPath), 'costlens.long-lookback.yaml');
    writeFileSync(longPath, `${readFileSync(demo.configPath, 'utf8')}rightsizing:\n  lookbackDays: 45\n`);
    const long = appOn(demo.db, { clock: () => DEMO_NOW, config: loadConfig(longPath, {}, dirname(longPath)) });
    try {
      // 2026-12-29: its 45 days (14 Nov – 28 Dec) hold 14 Nov, the data horizon, so the CLI answers; its cost window's 30 (29 Nov – 28 Dec) hold none of the data, which the downloads refused.
      const json = await long.request('/optimisation/rightsize.json?as_of=2026-12-29');
      expect(json.status).toBe(200);
      expect(await json.text()).toBe(await cli(demo.db, 'rightsize', '--as-of', '2026-12-29', '--format', 'json', '--config', longPath));
      expect((await long.request('/optimisation/rightsize.csv?as_of=2026-12-29')).status).toBe(200);
      // 2026-12-30: its 45 days (15 Nov – 29 Dec) hold none: refused as the CLI refuses it, naming the 45 days; the hint's last day is 14 Nov + 45.
      const refused = await long.request('/optimisation/rightsize.json?as_of=2026-12-30', { headers: { accept: 'application/json' } });
      const { message, hint } = (await refused.json()).error;
      expect([refused.status, message, hint]).toEqual([400,
        'as_of 2026-12-30 is outside the billing data in the store (1 Sep – 14 Nov 2026): the 45 days it looks back on, 15 Nov – 29 Dec 2026, hold none of it',
        'give a day from 2026-09-02 to 2026-12-29, or leave as_of out for 2026-11-15 (the day after 2026-11-14, the last complete day of the billing data)']);
      const run = await costlens(demo.db, 'rightsize', '--as-of', '2026-12-30', '--config', longPath);
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `costlens: ${message.replace('as_of', '--as-of')}\n  hint: ${hint.replaceAll('as_of', '--as-of')}\n`]);
    } finally {
      long.close();
    }
  });

  it('refuses bad parameters with a 400 naming the problem; an unknown resource too, with the resource view\'s form', async () => {
    const cases: [string, number, string][] = [
      ['/optimisation?as_of=2026-11-31&owner_key=team', 400, 'as_of must be a date YYYY-MM-DD; got &quot;2026-11-31&quot;'],
      ['/optimisation?as_of=2026-11-15&owner_key=team&account=12345', 400, 'account must be an AWS account id (12 digits); got &quot;12345&quot;'],
      ['/optimisation?as_of=2026-11-15&owner_key=team&rule=ec2-idle', 400, 'rule must be one of ec2-low-utilisation, ebs-unattached'],
      ['/optimisation?as_of=2026-11-15&owner_key=-&owner=payments', 400, 'an owner filter needs an owner tag key (owner_key)'],
      ['/optimisation?as_of=2026-11-15&owner_key=team&owner=a%00b', 400, 'owner must be text without control characters'],
      ['/optimisation?as_of=2026-11-15&owner_key=team&rule=ebs-unattached&rule=eip-idle-address', 400, '&quot;rule&quot; is given 2 times'],
      ['/optimisation?as_of=2026-11-15&owner_key=team&team=payments', 400, 'the Optimisation page takes no parameter &quot;team&quot;'],
      ['/resource', 400, 'which resource? give its id'],
      [`/resource?id=${'i'.repeat(300)}`, 400, 'id must be at most 256 characters'],
      ['/resource?id=i-06ed77da38103e0dd&start=2026-11-01&end=2026-10-01', 400, 'start (2026-11-01) must be before end (2026-10-01); end is exclusive'],
      ['/resource?id=i-06ed77da38103e0dd&start=2020-01-01&end=2026-10-01', 400, 'the range is 2465 days; at most 1096 are shown'],
      ['/resource?id=i-06ed77da38103e0dd&start=2026-10-01&end=2026-10-32', 400, 'end must be a date YYYY-MM-DD; got &quot;2026-10-32&quot;'],
      ['/resource?id=i-06ed77da38103e0dd&start=2026-10-01&end=2026-11-01&cost=billed', 400, 'the resource view takes no parameter &quot;cost&quot;'],
      ['/resource?id=i-0000000000000000&start=2026-10-01&end=2026-11-01', 400, 'the store knows no resource &quot;i-0000000000000000&quot;'],
    ];
    for (const [path, status, message] of cases) {
      const response = await page(demo.app, path);
      expect(response.status, path).toBe(status);
      expectSecurityHeaders(response);
      expect(await response.text(), path).toContain(message);
    }
    for (const path of ['/api/charts/optimisation_savings?account=x', '/charts/optimisation_savings.svg?as_of=2026-13-01', '/api/analyses/optimisation/findings?owner_key=-&owner=x',
      '/api/charts/resource_daily_cost?id=x&start=2026-10-01', '/api/charts/resource_metrics?id=x&start=2026-10-01&end=nope']) {
      const response = await demo.app.request(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.message, path).toMatch(/account must be|as_of must be|owner filter|needs parameter "end"|must be a date/);
    }
  });
});
