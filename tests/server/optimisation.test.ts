import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { savingsSection, type Saving, type WithoutUsageType } from '../../src/report/savings.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { EVIDENCE_LABELS } from '../../src/server/features/optimisation/evidence-figures.ts';
import { costlens } from '../helpers/cli.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { appOn, expectSecurityHeaders, page } from './helpers.ts';
import { DEMO_NOW, cli, demoApp, figure, tableRows, textOf } from './page-helpers.ts';
import { text, units } from './exact-units.ts';
import { notesOf, shownNotes } from './optimisation-notes.ts';

/** The demo's usage lines all carry a usage type: idle and rightsizing judged them. */
const JUDGED: WithoutUsageType = { idle: null, rightsizing: null, notJudged: { idle: false, rightsizing: false } };
/** The data-value of the span with this id. */
const spanValue = (html: string, id: string) => new RegExp(`<span id="${id}" data-value="([^"]*)"`).exec(html)?.[1];

/**
 * The finding rows of the page (the worklist's columns: resource, monthly saving, action and evidence,
 * confidence, owner, account, rule, region, monthly cost) as resource id, rule, account, region, owner, monthly cost, monthly saving.
 */
function findings(html: string): { id: string; rule: string; account: string; region: string; owner: string; cost: string; saving: string }[] {
  return tableRows(html, 'findings').map((r) => ({ id: r[0], rule: r[6].replace(/also .*/, '').trim(), account: r[5], region: r[7], owner: r[4], cost: r[8], saving: r[1] }));
}

describe('the Optimisation page and resource view on the demo organisation, against `costlens idle` and `costlens rightsize`', () => {
  let db: string;
  let configPath: string;
  let app: CostlensApp;
  let idle: IdleFinding[];
  let rightsize: RightsizingRecommendation[];
  /** What `costlens idle` and `costlens rightsize` print (table format). */
  let printed: { idle: string; rightsize: string };
  /** The store opened once for the statements the tests check the pages against (nothing writes to it). */
  let store: StoreReader;

  beforeAll(async () => {
    ({ db, configPath, app } = await demoApp());
    store = storeReader(db);
    idle = JSON.parse(await cli(db, 'idle', '--format', 'json', '--config', configPath));
    rightsize = JSON.parse(await cli(db, 'rightsize', '--format', 'json', '--config', configPath));
    printed = { idle: await cli(db, 'idle', '--config', configPath), rightsize: await cli(db, 'rightsize', '--config', configPath) };
  });
  afterAll(async () => {
    app?.close();
    await store?.close();
  });

  it('the Owner tag menu lists the tag keys as Explore\'s tag menu does (the configured team and cost_center stand for their spellings; it listed CostCenter, TEAM, Team, cost-center, …), the inventory\'s Name after them; a raw key in the URL still works', async () => {
    const options = (html: string, name: string) => [...new RegExp(`<select[^>]*name="${name}"[^>]*>([^]*?)</select>`).exec(html)![1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    const explore = options(await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed')).text(), 'tag_key');
    expect(explore).toEqual(['-', 'team', 'environment', 'cost_center', 'aws:created_by']);
    expect(options(await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text(), 'owner_key')).toEqual([...explore, 'Name']);
    const raw = await page(app, '/optimisation?as_of=2026-11-15&owner_key=TEAM');
    expect(raw.status).toBe(200);
    const html = await raw.text();
    expect(options(html, 'owner_key')).toEqual(['-', 'TEAM', 'team', 'environment', 'cost_center', 'aws:created_by', 'Name']);
    expect(html).toContain('<option value="TEAM" selected>');
  });

  it('each finding names its look-back as every page writes a span (it said "look-back 1 Nov 2026 – 14 Nov 2026")', async () => {
    const html = await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
    expect(html).toContain('look-back 1–14 Nov 2026</p>');
    expect(html).toContain('look-back 8–14 Nov 2026</p>');
    expect(html).not.toMatch(/look-back \d+ \w+ \d{4} – /);
  });

  it('a bare /optimisation is redirected to the analysers\' as-of day and the configured owner tag', async () => {
    const response = await page(app, '/optimisation');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/optimisation?as_of=2026-11-15&owner_key=team');
    expect((await page(app, '/optimisation?rule=ebs-unattached')).headers.get('location')).toBe('/optimisation?as_of=2026-11-15&rule=ebs-unattached&owner_key=team');
  });

  it('lists every idle finding and rightsizing recommendation with the CLI\'s figures, and their totals', async () => {
    const response = await page(app, '/optimisation?as_of=2026-11-15&owner_key=team');
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    const html = await response.text();
    const rows = findings(html);
    expect(idle.length).toBe(8);
    expect(rightsize.length).toBeGreaterThan(10);
    expect(rows.length).toBe(idle.length + rightsize.length);
    for (const f of idle) {
      const row = rows.find((r) => r.id === f.resourceId && r.rule === f.rule);
      expect(row, f.resourceId!).toBeDefined();
      expect([row!.account, row!.region, row!.cost, row!.saving]).toEqual([f.accountId, f.region, f.windowCost, f.monthlySaving]);
    }
    for (const r of rightsize) {
      const row = rows.find((x) => x.id === r.resourceId && x.rule === r.rule);
      expect(row, r.resourceId).toBeDefined();
      expect([row!.account, row!.region, row!.cost, row!.saving]).toEqual([r.accountId, r.region, r.windowCost, r.monthlySavingBill]);
    }
    // Largest saving first.
    const savings = rows.map((r) => units(r.saving));
    expect(savings).toEqual([...savings].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const idleTotal = idle.reduce((s, f) => s + units(f.windowCost), 0n);
    const idleSaving = idle.reduce((s, f) => s + units(f.monthlySaving), 0n);
    const rightsizeTotal = rightsize.reduce((s, r) => s + units(r.monthlySavingBill), 0n);
    // Each card a month's cash saving: idle's run-rate saving (not its 30-day cost, which the card gives under it), rightsizing's on the bill.
    expect(figure(html, 'optimisation-idle')).toBe(text(idleSaving, 2));
    expect(spanValue(html, 'optimisation-idle-cost')).toBe(text(idleTotal));
    expect(figure(html, 'optimisation-rightsizing')).toBe(text(rightsizeTotal, 2));
    const best = new Map<string, bigint>();
    for (const [id, saving] of [...idle.map((f) => [f.resourceId!, units(f.monthlySaving)] as const), ...rightsize.map((r) => [r.resourceId, units(r.monthlySavingBill)] as const)]) {
      best.set(id, best.has(id) && best.get(id)! > saving ? best.get(id)! : saving);
    }
    expect(figure(html, 'optimisation-saving')).toBe(text([...best.values()].reduce((s, v) => s + v, 0n)));
    // The CLI's own summary line says the same, rounded.
    // The CLI's headings write money as their tables do: $1,234.56.
    const dollars = (n: bigint) => `$${text(n, 2).replace(/\B(?=(\d{3})+\.)/g, ',')}`;
    expect(printed.idle).toContain(`${dollars(idleSaving)} a month saved at their current hourly rates × 730 h; they cost ${dollars(idleTotal)} (EffectiveCost`);
    expect(printed.rightsize).toContain(`${dollars(rightsizeTotal)} a month saved on the bill`);
  });

  it('the cards add like for like (a month\'s cash saving each), and count the findings as the weekly e-mail does: in cash, and freeing commitment', async () => {
    const html = await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
    const cents = (t: string) => units(t) / 10n ** 8n;
    // Each resource once, by its finding with the most cash, then the most commitment freed: the weekly e-mail's Savings (src/report/savings.ts).
    const best = new Map<string, Saving>();
    const found: Saving[] = [
      ...idle.map((f): Saving => ({ source: 'idle', rule: f.rule, resource: f.resourceId!, accountId: f.accountId, region: f.region, action: f.action, evidence: '',
        monthlySaving: cents(f.monthlySaving), monthlySavingCommitment: cents(f.monthlySavingCommitment), owner: '', costCentre: null })),
      ...rightsize.map((r): Saving => ({ source: 'rightsizing', rule: r.rule, resource: r.resourceId, accountId: r.accountId, region: r.region, action: r.action, evidence: '',
        monthlySaving: cents(r.monthlySavingBill), monthlySavingCommitment: cents(r.monthlySavingCommitment), owner: '', costCentre: null })),
    ];
    for (const f of found) {
      const kept = best.get(f.resource);
      if (!kept || f.monthlySaving > kept.monthlySaving || (f.monthlySaving === kept.monthlySaving && f.monthlySavingCommitment > kept.monthlySavingCommitment)) best.set(f.resource, f);
    }
    const email = savingsSection({ asOf: '2026-11-15', costWindow: { start: '2026-10-16', end: '2026-11-15' }, savings: [...best.values()], canonicalOwner: (v) => v, withoutUsageType: JUDGED }, [...best.values()], 10, null);
    // On the demo as of 15 Nov 2026 no resource is both idle and rightsized, so the cards add up: idle's $363.28 a month (not its 30-day
    // cost, $357.67) + rightsizing's $1,568.11 = $1,931.39; 4 instances a Savings Plan with unused hours covers save no cash and free $188.07.
    // Rightsizing's: each window's 720 h as a month of 730 h × (1 − new / old price), as idle's run-rate counts 730 h (over 720 h they were
    // $1,546.64 and $185.48).
    expect(best.size).toBe(idle.length + rightsize.length);
    const idleSaving = idle.reduce((s, f) => s + cents(f.monthlySaving), 0n);
    const rightsizing = rightsize.reduce((s, r) => s + cents(r.monthlySavingBill), 0n);
    expect([idleSaving, rightsizing, email.total, idle.reduce((s, f) => s + units(f.windowCost), 0n)]).toEqual([36_328n, 156_811n, 193_139n, 3_576_689_462_376n]);
    expect(idleSaving + rightsizing).toBe(email.total);
    expect([figure(html, 'optimisation-idle'), figure(html, 'optimisation-rightsizing'), figure(html, 'optimisation-saving')]).toEqual(['363.28', '1568.11', '1931.3900000000']);
    // 31 findings: 8 idle and 23 rightsizing; the m5.large whose move saves nothing in cash or commitment (its reservation does not follow
    // the move) is not one: 27 save cash (8 + 19), 4 free commitment.
    expect([email.count, email.commitment.count, email.commitment.total, best.size]).toEqual([27, 4, 18_807n, 31]);
    const card = (id: string) => textOf(new RegExp(`<div class="kpi" id="${id}">([^]*?)</div>`).exec(html)![1]);
    expect(card('optimisation-saving')).toBe('Savings waiting, a month $1,931.39 27 findings save this in cash, each resource counted once,'
      + ' and 4 free $188.07 a month of a Reserved Instance or Savings Plan with unused hours instead of cash (not in the total)');
    expect(card('optimisation-idle')).toBe('Idle resources, a month $363.28 8 resources at their current hourly rates × 730 h; they cost $357.67 (EffectiveCost 16 Oct – 14 Nov 2026)');
    expect(card('optimisation-rightsizing')).toBe('Rightsizing, a month $1,568.11 23 recommendations, saving priced from the bill, and $188.07 more frees commitment, not cash;'
      + ' 1 more left out: the move saves nothing on the bill (below)');
    expect(rightsize.map((r) => r.resourceId)).not.toContain('i-032431a590821e6e0');
    expect(findings(html).map((r) => r.id)).not.toContain('i-032431a590821e6e0');
    expect(textOf(/<p class="note" id="rightsizing-nothing-to-save" data-count="1">([^]*?)<\/p>/.exec(html)![1].replace(/<[^>]+>/g, ''))).toBe('Rightsizing, not in these figures:'
      + ' 1 recommendation covered by a commitment that does not follow the move left out: the move saves nothing on the bill (i-032431a590821e6e0 rightsize-burstable'
      + ' m5.large → t3a.large: a commitment that does not follow the move to t3a.large or m6g.medium covered 41.59 of its 41.59 from 2026-10-16 to 2026-11-15'
      + ' (end excluded), so the move saves 0.00 a month in cash and frees no commitment until the commitment is taken up or ends; moved before, 720 h would run'
      + ' on-demand while it keeps billing (t3a.large about 54.14 over the window)).');
    // Filtered to one account: the counts are the filtered findings', and the card says how many the filters keep.
    const filtered = await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team&account=730604943011')).text();
    const kept = [...best.values()].filter((f) => f.accountId === '730604943011');
    const section = savingsSection({ asOf: '2026-11-15', costWindow: { start: '2026-10-16', end: '2026-11-15' }, savings: kept, canonicalOwner: (v) => v, withoutUsageType: JUDGED }, kept, 10, null);
    expect(/id="optimisation-cash-findings" data-count="(\d+)"/.exec(filtered)?.[1]).toBe(String(section.count));
    expect(textOf(/<div class="kpi" id="optimisation-saving">[^]*?<p class="range">([^]*?)<\/p>/.exec(filtered)![1])).toMatch(new RegExp(`\\(the filters keep ${kept.length} of the 31 findings\\)$`));
  });

  it('each finding shows its evidence, thresholds and action, and links to its resource view', async () => {
    const html = await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
    for (const f of [...idle, ...rightsize]) {
      const row = new RegExp(`<tr data-rule="${f.rule}" data-resource="${f.resourceId!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">([^]*?)</tr>`).exec(html);
      expect(row, f.resourceId!).not.toBeNull();
      const cell = row![1];
      const escaped = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
      expect(cell).toContain(escaped(f.explanation));
      expect(cell).toContain(escaped(f.action));
      expect(cell).toContain(Object.entries(f.thresholds).map(([k, v]) => `${k}=${v}`).join(' '));
      // The JSON gives timestamps in ISO 8601 (2026-11-15T00:00:00Z); the page shows them as the store does (2026-11-15 00:00:00).
      const shown = (v: unknown) => String(v).replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(\.\d+)?)Z$/, '$1 $2');
      // Each figure under its label in words (the JSON key kept in data-key), never the key itself (finestPeriodS).
      for (const [key, value] of Object.entries(f.evidence)) {
        expect(EVIDENCE_LABELS[key], `${f.rule} ${key}`).toBeDefined();
        const figure = `<dt data-key="${key}">${escaped(EVIDENCE_LABELS[key])}</dt><dd${typeof value === 'string' && value.length > 24 ? ' class="sentence"' : ''}>${value === null ? 'n/a' : escaped(shown(value))}</dd>`;
        expect(cell, `${f.rule} ${key}`).toContain(figure);
      }
      const href = `/resource?${new URLSearchParams({ id: f.resourceId!, start: '2026-09-16', end: '2026-11-15' })}`;
      expect(cell).toContain(`href="${escaped(href)}"`);
    }
    // The modernisation findings' figures too: every key on the page has its words.
    const keys = new Set([...html.matchAll(/<dt data-key="([^"]+)">/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(60);
    expect([...keys].filter((k) => EVIDENCE_LABELS[k] === undefined)).toEqual([]);
    expect(html).not.toMatch(/<dt>[a-z]+[A-Z]/);
  });

  it('owners are the team tag of each resource (its bill by cost, else its inventory), normalised with the config\'s aliases', async () => {
    const rows = findings(await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text());
    const truth = JSON.parse((await import('node:fs')).readFileSync(`${inject('demoDir')}/truth.json`, 'utf8')).tagging.teamAliases as Record<string, string[]>;
    const canonical = (raw: string) => Object.entries(truth).find(([, spellings]) => spellings.some((s) => s.trim().toLowerCase() === raw.trim().toLowerCase()))?.[0] ?? raw.trim();
    // For every row's resource at once: the team tag on most of its cost in the 30 days (ties by value), and its latest inventory record's.
    const ids = [...new Set(rows.map((r) => r.id))].map((id) => `'${id}'`).join(', ');
    const bills = new Map((await store.rows(`SELECT id, v FROM (SELECT ResourceId AS id, Tags['team'] AS v, sum(EffectiveCost) AS c FROM line_items WHERE ResourceId IN (${ids})
        AND ChargePeriodStart >= TIMESTAMP '2026-10-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15' AND Tags['team'] IS NOT NULL GROUP BY 1, 2)
      QUALIFY row_number() OVER (PARTITION BY id ORDER BY c DESC, v) = 1`)).map((r) => [r.id, r.v]));
    const inventories = new Map((await store.rows(`SELECT resource_id AS id, coalesce(tags['team'], tags['Team'], tags['TEAM']) AS v FROM resources WHERE resource_id IN (${ids})
      QUALIFY row_number() OVER (PARTITION BY resource_id ORDER BY observed_at DESC) = 1`)).map((r) => [r.id, r.v]));
    for (const row of rows) {
      const raw = bills.get(row.id) ?? inventories.get(row.id) ?? null;
      expect(row.owner, row.id).toBe(raw === null ? '(untagged)' : canonical(raw));
    }
    expect(new Set(rows.map((r) => r.owner)).size).toBeGreaterThan(4);
    expect(rows.find((r) => r.id === 'i-06ed77da38103e0dd')?.owner).toBe('payments');
  });

  it('filters by account, rule and owner (kept in the URL) narrow the rows and recompute the totals', async () => {
    const all = findings(await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text());
    const account = '730604943011';
    const filters: [string, (r: (typeof all)[number]) => boolean][] = [
      [`account=${account}`, (r) => r.account === account],
      ['rule=ebs-unattached', (r) => r.rule === 'ebs-unattached'],
      ['owner=payments', (r) => r.owner === 'payments'],
      ['owner=(untagged)', (r) => r.owner === '(untagged)'],
      [`account=${account}&rule=rightsize-downsize&owner=payments`, (r) => r.account === account && r.rule === 'rightsize-downsize' && r.owner === 'payments'],
    ];
    for (const [query, keep] of filters) {
      const html = await (await page(app, `/optimisation?as_of=2026-11-15&owner_key=team&${query}`)).text();
      const rows = findings(html);
      const expected = all.filter(keep);
      expect(rows, query).toEqual(expected);
      expect(rows.length, query).toBeGreaterThan(0);
      expect(rows.length, query).toBeLessThan(all.length);
      const idleRows = rows.filter((r) => !r.rule.startsWith('rightsize'));
      expect(figure(html, 'optimisation-idle'), query).toBe(text(idleRows.reduce((s, r) => s + units(r.saving), 0n), 2));
      expect(spanValue(html, 'optimisation-idle-cost'), query).toBe(text(idleRows.reduce((s, r) => s + units(r.cost), 0n)));
      expect(html).toContain(`data-chart="optimisation_savings" data-params="${new URLSearchParams({
        as_of: '2026-11-15', account: /account=(\d+)/.exec(query)?.[1] ?? '', rule: /rule=([a-z-]+)/.exec(query)?.[1] ?? '', owner_key: 'team', owner: /owner=([^&]+)/.exec(query)?.[1] ?? '',
      }).toString().replaceAll('&', '&amp;')}"`);
      const spec = await (await app.request(`/api/charts/optimisation_savings?as_of=2026-11-15&owner_key=team&${query}`)).json();
      expect(spec.data.values.map((v: { resource_id: string; rule: string; saving: number }) => [v.resource_id, v.rule, v.saving]), query)
        .toEqual(expected.map((r) => [r.id, r.rule, Number(r.saving)]));
    }
  });

  it('another as-of day gives what `--as-of` gives', async () => {
    const html = await (await page(app, '/optimisation?as_of=2026-11-08&owner_key=team')).text();
    const cliIdle: IdleFinding[] = JSON.parse(await cli(db, 'idle', '--as-of', '2026-11-08', '--format', 'json', '--config', configPath));
    const cliRightsize: RightsizingRecommendation[] = JSON.parse(await cli(db, 'rightsize', '--as-of', '2026-11-08', '--format', 'json', '--config', configPath));
    const rows = findings(html);
    expect(rows.map((r) => `${r.rule} ${r.id} ${r.saving}`).sort()).toEqual([
      ...cliIdle.map((f) => `${f.rule} ${f.resourceId} ${f.monthlySaving}`), ...cliRightsize.map((r) => `${r.rule} ${r.resourceId} ${r.monthlySavingBill}`),
    ].sort());
    expect(figure(html, 'optimisation-idle')).toBe(text(cliIdle.reduce((s, f) => s + units(f.monthlySaving), 0n), 2));
    expect(spanValue(html, 'optimisation-idle-cost')).toBe(text(cliIdle.reduce((s, f) => s + units(f.windowCost), 0n)));
    expect(spanValue(html, 'optimisation-idle-cost')).not.toBe(text(idle.reduce((s, f) => s + units(f.windowCost), 0n)));
  });

  it('a rightsizing.lookbackDays over 30: the rightsize downloads check the days `costlens rightsize --as-of` checks (its 45 days, not the 30 of the cost window), in its words', async () => {
    const longPath = join(dirname(configPath), 'costlens.long-lookback.yaml');
    writeFileSync(longPath, `${readFileSync(configPath, 'utf8')}rightsizing:\n  lookbackDays: 45\n`);
    const long = appOn(db, { clock: () => DEMO_NOW, config: loadConfig(longPath, {}, dirname(longPath)) });
    try {
      // 2026-12-29: its 45 days (14 Nov – 28 Dec) hold 14 Nov, the data horizon, so the CLI answers; its cost window's 30 (29 Nov – 28 Dec) hold none of the data, which the downloads refused.
      const json = await long.request('/optimisation/rightsize.json?as_of=2026-12-29');
      expect(json.status).toBe(200);
      expect(await json.text()).toBe(await cli(db, 'rightsize', '--as-of', '2026-12-29', '--format', 'json', '--config', longPath));
      expect((await long.request('/optimisation/rightsize.csv?as_of=2026-12-29')).status).toBe(200);
      // 2026-12-30: its 45 days (15 Nov – 29 Dec) hold none: refused as the CLI refuses it, naming the 45 days; the hint's last day is 14 Nov + 45.
      const refused = await long.request('/optimisation/rightsize.json?as_of=2026-12-30', { headers: { accept: 'application/json' } });
      const { message, hint } = (await refused.json()).error;
      expect([refused.status, message, hint]).toEqual([400,
        'as_of 2026-12-30 is outside the billing data in the store (2026-09-01 to 2026-11-14): the 45 days it looks back on, 2026-11-15 to 2026-12-29, hold none of it',
        'give a day from 2026-09-02 to 2026-12-29, or leave as_of out for 2026-11-15 (the day after 2026-11-14, the last complete day of the billing data)']);
      const run = await costlens(db, 'rightsize', '--as-of', '2026-12-30', '--config', longPath);
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
      const response = await page(app, path);
      expect(response.status, path).toBe(status);
      expectSecurityHeaders(response);
      expect(await response.text(), path).toContain(message);
    }
    for (const path of ['/api/charts/optimisation_savings?account=x', '/charts/optimisation_savings.svg?as_of=2026-13-01', '/api/analyses/optimisation/findings?owner_key=-&owner=x',
      '/api/charts/resource_daily_cost?id=x&start=2026-10-01', '/api/charts/resource_metrics?id=x&start=2026-10-01&end=nope']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.message, path).toMatch(/account must be|as_of must be|owner filter|needs parameter "end"|must be a date/);
    }
  });

  it('names what idle and rightsizing could not judge in the lines `costlens idle` and `costlens rightsize` print under their headings: 3 instances and 4 volumes without metrics in their look-back, by SQL', async () => {
    const counts = await store.rows(`SELECT namespace, count(*) AS metric_rows, count(DISTINCT resource_id) AS resources,
        count(DISTINCT resource_id) FILTER (WHERE timestamp >= TIMESTAMP '2026-11-01' AND timestamp < TIMESTAMP '2026-11-15') AS in_14_days,
        count(DISTINCT resource_id) FILTER (WHERE timestamp >= TIMESTAMP '2026-11-08' AND timestamp < TIMESTAMP '2026-11-15') AS in_7_days
      FROM metrics WHERE metric_name IN ('CPUUtilization', 'VolumeReadOps', 'VolumeWriteOps') GROUP BY namespace ORDER BY namespace`);
    expect(counts).toEqual([{ namespace: 'AWS/EBS', metric_rows: '7478', resources: '127', in_14_days: '123', in_7_days: '123' },
      { namespace: 'AWS/EC2', metric_rows: '8397', resources: '95', in_14_days: '92', in_7_days: '92' },
      { namespace: 'AWS/RDS', metric_rows: '360', resources: '6', in_14_days: '6', in_7_days: '6' }]);
    // Each `Metrics:` line as the page words it: `Idle: …` and `Rightsizing: …` (rightsizing reads the EC2 and RDS CPU: 8,397 + 360 rows, 95 + 6 instances).
    const expected = ['Idle: 8,397 EC2 CPU metric rows for 95 instances, 92 usable: 3 instances have no EC2 CPU rows in the 14-day look-back.',
      'Idle: 7,478 EBS I/O metric rows for 127 volumes, 123 usable: 4 volumes have no EBS I/O rows in the 7-day look-back.',
      'Rightsizing: 8,757 CPU metric rows for 101 instances, 98 usable: 3 instances have no CPU rows in the 14-day look-back.'];
    expect(notesOf(printed.idle, printed.rightsize)).toEqual(expected);
    expect(shownNotes(await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team')).text())).toEqual(expected);
    // Filtered, each says the filters do not apply to its counts.
    expect(shownNotes(await (await page(app, '/optimisation?as_of=2026-11-15&owner_key=team&account=730604943011')).text()))
      .toEqual(expected.map((line) => line.replace(/\.$/, ' (of all accounts and owners: the filters above do not apply to it).')));
  });
});
