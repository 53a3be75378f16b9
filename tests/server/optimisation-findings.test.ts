/**
 * The Optimisation page on the demo organisation against `costlens idle` and `costlens rightsize`
 * with the same config (tests/helpers/optimisation-demo.ts): every finding with the CLI's figures,
 * evidence and totals, the cards added like for like and counted as the weekly e-mail counts them,
 * another as-of day, and the lines saying what could not be judged. The page's menus, filters and
 * refusals: optimisation-page-filters.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { savingsSection, type Saving, type WithoutUsageType } from '../../src/report/savings.ts';
import { EVIDENCE_LABELS } from '../../src/server/features/optimisation/evidence-figures.ts';
import { findings, optimisationDemoPerFile, spanValue } from '../helpers/optimisation-demo.ts';
import { expectSecurityHeaders, page } from './helpers.ts';
import { cli, figure, textOf } from './page-helpers.ts';
import { text, units } from './exact-units.ts';
import { notesOf, shownNotes } from './optimisation-notes.ts';

/** The demo's usage lines all carry a usage type: idle and rightsizing judged them. */
const JUDGED: WithoutUsageType = { idle: null, rightsizing: null, notJudged: { idle: false, rightsizing: false } };

describe('the Optimisation page on the demo organisation: every finding of `costlens idle` and `costlens rightsize`, with their figures', () => {
  let idle: IdleFinding[];
  let rightsize: RightsizingRecommendation[];
  /** What `costlens idle` and `costlens rightsize` print (table format). */
  let printed: { idle: string; rightsize: string };
  const demo = optimisationDemoPerFile(async ({ db, configPath }) => {
    idle = JSON.parse(await cli(db, 'idle', '--format', 'json', '--config', configPath));
    rightsize = JSON.parse(await cli(db, 'rightsize', '--format', 'json', '--config', configPath));
    printed = { idle: await cli(db, 'idle', '--config', configPath), rightsize: await cli(db, 'rightsize', '--config', configPath) };
  });

  it('lists every idle finding and rightsizing recommendation with the CLI\'s figures, and their totals', async () => {
    const response = await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team');
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
    const html = await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
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
    // Said once, money in dollars (it read '… 1 recommendation covered by a commitment that does not follow the move left out: the move saves nothing on the bill
    // (i-… m5.large → t3a.large: a commitment that does not follow the move … covered 41.59 of its 41.59 …, so the move saves 0.00 a month in cash and frees no commitment …)').
    expect(textOf(/<p class="note" id="rightsizing-nothing-to-save" data-count="1">([^]*?)<\/p>/.exec(html)![1].replace(/<[^>]+>/g, ''))).toBe('Rightsizing, not in these figures:'
      + ' 1 recommendation left out, as the move saves nothing on the bill: i-032431a590821e6e0 rightsize-burstable m5.large → t3a.large, a commitment that does not'
      + ' follow the move to t3a.large or m6g.medium covered $41.59 of its $41.59 over 16 Oct – 14 Nov 2026; moved before the commitment is taken up or ends,'
      + ' the 720 h it covered would run on-demand while it keeps billing (t3a.large about $54.14 over the window).');
    // Filtered to one account: the counts are the filtered findings', and the card says how many the filters keep.
    const filtered = await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team&account=730604943011')).text();
    const kept = [...best.values()].filter((f) => f.accountId === '730604943011');
    const section = savingsSection({ asOf: '2026-11-15', costWindow: { start: '2026-10-16', end: '2026-11-15' }, savings: kept, canonicalOwner: (v) => v, withoutUsageType: JUDGED }, kept, 10, null);
    expect(/id="optimisation-cash-findings" data-count="(\d+)"/.exec(filtered)?.[1]).toBe(String(section.count));
    expect(textOf(/<div class="kpi" id="optimisation-saving">[^]*?<p class="range">([^]*?)<\/p>/.exec(filtered)![1])).toMatch(new RegExp(`\\(the filters keep ${kept.length} of the 31 findings\\)$`));
  });

  it('each finding shows its evidence, thresholds and action, and links to its resource view', async () => {
    const html = await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text();
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

  it('another as-of day gives what `--as-of` gives', async () => {
    const html = await (await page(demo.app, '/optimisation?as_of=2026-11-08&owner_key=team')).text();
    const cliIdle: IdleFinding[] = JSON.parse(await cli(demo.db, 'idle', '--as-of', '2026-11-08', '--format', 'json', '--config', demo.configPath));
    const cliRightsize: RightsizingRecommendation[] = JSON.parse(await cli(demo.db, 'rightsize', '--as-of', '2026-11-08', '--format', 'json', '--config', demo.configPath));
    const rows = findings(html);
    expect(rows.map((r) => `${r.rule} ${r.id} ${r.saving}`).sort()).toEqual([
      ...cliIdle.map((f) => `${f.rule} ${f.resourceId} ${f.monthlySaving}`), ...cliRightsize.map((r) => `${r.rule} ${r.resourceId} ${r.monthlySavingBill}`),
    ].sort());
    expect(figure(html, 'optimisation-idle')).toBe(text(cliIdle.reduce((s, f) => s + units(f.monthlySaving), 0n), 2));
    expect(spanValue(html, 'optimisation-idle-cost')).toBe(text(cliIdle.reduce((s, f) => s + units(f.windowCost), 0n)));
    expect(spanValue(html, 'optimisation-idle-cost')).not.toBe(text(idle.reduce((s, f) => s + units(f.windowCost), 0n)));
  });

  it('names what idle and rightsizing could not judge in the lines `costlens idle` and `costlens rightsize` print under their headings: 3 instances and 4 volumes without metrics in their look-back, by SQL', async () => {
    const counts = await demo.store.rows(`SELECT namespace, count(*) AS metric_rows, count(DISTINCT resource_id) AS resources,
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
    expect(shownNotes(await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team')).text())).toEqual(expected);
    // Filtered, each says the filters do not apply to its counts.
    expect(shownNotes(await (await page(demo.app, '/optimisation?as_of=2026-11-15&owner_key=team&account=730604943011')).text()))
      .toEqual(expected.map((line) => line.replace(/\.$/, ' (of all accounts and owners: the filters above do not apply to it).')));
  });
});
