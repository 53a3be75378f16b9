/**
 * The server's pieces on their own: request parameters, money and text as the pages show them, the
 * report context, the Optimisation page's totals and saving cells (money in units, formatted once), the Overview's daily chart days and "Why it changed" card, the result cache and the
 * loopback rule. Money axes: tests/lib/money-axis.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { NamedQuery } from '../../src/engine/queries.ts';
import { CostlensError } from '../../src/errors.ts';
import { isIsoDay } from '../../src/lib/calendar.ts';
import { contextFor } from '../../src/server/context.ts';
import { sumDecimals } from '../../src/server/features/explore/page.ts';
import { drawnDays, shownProvisionalDays } from '../../src/server/features/overview/daily-chart.ts';
import { listedDriversText, whyItChangedCard } from '../../src/server/features/overview/drivers.ts';
import type { DriverSet } from '../../src/analyze/explain/index.ts';
import { money, moneyBesideShare, moneyBesideShareCell, percent, resourceClass, signedAmount, signedMoney, totalShare, withCode } from '../../src/server/html/format.ts';
import { chargebackHeading } from '../../src/server/features/attribution/chargeback-headings.ts';
import { EVIDENCE_LABELS, evidenceFigures, evidenceLabel } from '../../src/server/features/optimisation/evidence-figures.ts';
import { findingSavingCell } from '../../src/server/features/optimisation/page.ts';
import { idleCostCents, totalsOf, type FindingMoneyRow } from '../../src/server/features/optimisation/totals.ts';
import { roundDecimal } from '../../src/lib/money.ts';
import { paramRule, validateParams } from '../../src/server/params.ts';
import { ResultCache } from '../../src/server/result-cache.ts';
import { isLoopbackHost } from '../../src/server/security.ts';

const QUERY: NamedQuery = {
  name: 'test/q',
  path: 'test/q.sql',
  description: '',
  returns: [],
  returnTypes: [],
  sql: 'SELECT 1',
  params: [
    { name: 'start', type: 'DATE', description: 'first day' },
    { name: 'at', type: 'TIMESTAMP', defaultValue: '2018-01-01 00:00:00', description: 'a moment' },
    { name: 'top', type: 'INTEGER', defaultValue: '10', description: 'how many', rule: { min: 1, max: 100 } },
    { name: 'ratio', type: 'DOUBLE', defaultValue: '0.5', description: 'a share' },
    { name: 'kind', type: 'VARCHAR', defaultValue: 'a', description: 'which', rule: { oneOf: ['a', 'b'] } },
    { name: 'flag', type: 'BOOLEAN', defaultValue: 'false', description: 'on or off' },
  ],
};

function usage(raw: Record<string, string | string[]>): string {
  try {
    validateParams(QUERY, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(CostlensError);
    expect((error as CostlensError).status).toBe(400);
    return (error as CostlensError).message;
  }
  throw new Error('expected a usage error');
}

describe('request parameters', () => {
  it('fill in defaults and keep valid values as text', () => {
    expect(validateParams(QUERY, { start: '2024-02-29', at: '2024-02-29T23:59:59.123456', top: '100', ratio: '-1.5e3', kind: 'b', flag: 'true' })).toEqual({
      start: '2024-02-29', at: '2024-02-29T23:59:59.123456', top: '100', ratio: '-1.5e3', kind: 'b', flag: 'true',
    });
    expect(validateParams(QUERY, { start: '2018-10-01' })).toEqual({ start: '2018-10-01', at: '2018-01-01 00:00:00', top: '10', ratio: '0.5', kind: 'a', flag: 'false' });
  });

  it('are refused with a message naming the parameter, the rule and the value', () => {
    expect(usage({})).toBe('query test/q needs parameter "start" (DATE: first day)');
    expect(usage({ start: '2023-02-29' })).toBe('parameter "start" of test/q must be a date YYYY-MM-DD; got "2023-02-29"');
    expect(usage({ start: '2018-10-01', at: '2018-10-01 24:00' })).toBe('parameter "at" of test/q must be a timestamp YYYY-MM-DD[ HH:MM[:SS]]; got "2018-10-01 24:00"');
    expect(usage({ start: '2018-10-01', top: '101' })).toBe('parameter "top" of test/q must be between 1 and 100; got "101"');
    expect(usage({ start: '2018-10-01', top: '1e3' })).toBe('parameter "top" of test/q must be an integer; got "1e3"');
    expect(usage({ start: '2018-10-01', ratio: 'Infinity' })).toBe('parameter "ratio" of test/q must be a number; got "Infinity"');
    expect(usage({ start: '2018-10-01', kind: 'c' })).toBe('parameter "kind" of test/q must be one of a, b; got "c"');
    expect(usage({ start: '2018-10-01', flag: 'yes' })).toBe('parameter "flag" of test/q must be true or false; got "yes"');
    expect(usage({ start: ['2018-10-01', '2018-10-02'] })).toBe('parameter "start" of test/q is given 2 times; give it once');
    expect(usage({ start: '2018-10-01', sql: 'DROP TABLE line_items' })).toBe('query test/q has no parameter "sql"');
    expect(usage(Object.fromEntries([['start', '2018-10-01'], ['__proto__', 'x']]))).toBe('query test/q has no parameter "__proto__"');
  });

  it('list their structured rules (one_of=, min=, max= of the header)', () => {
    expect(paramRule(QUERY.params[2])).toEqual({ min: 1, max: 100 });
    expect(paramRule(QUERY.params[4])).toEqual({ oneOf: ['a', 'b'] });
    expect(paramRule(QUERY.params[0])).toEqual({});
  });

  it('dates must exist', () => {
    expect([isIsoDay('2024-02-29'), isIsoDay('2023-02-29'), isIsoDay('2018-04-31'), isIsoDay('2018-4-1'), isIsoDay('0999-01-01')]).toEqual([true, false, false, false, false]);
  });
});

describe('money on the pages', () => {
  it('rounds exact decimal text half away from zero, as DuckDB round() does', () => {
    expect(['2.005', '-2.005', '2.004999', '-0.004', '0.995', '1234567.895', '7'].map((v) => roundDecimal(v))).toEqual(['2.01', '-2.01', '2.00', '0.00', '1.00', '1234567.90', '7.00']);
  });

  it('formats dollars, changes and percentages', () => {
    expect([money('3505.3269681268'), money('-408.4757902457'), money('0E-10'), money(null)]).toEqual(['$3,505.33', '−$408.48', '$0.00', '–']);
    expect([signedMoney('505.8955749003'), signedMoney('-0.004'), signedMoney('-1.33')]).toEqual(['+$505.90', '$0.00', '−$1.33']);
    expect([percent('25.76', true), percent('-10.44', true), percent('0.3'), percent(null)]).toEqual(['+25.76%', '−10.44%', '0.30%', '–']);
  });

  it('an amount beside a share that is not zero but shows no cents reads <$0.01 (−<$0.01), its exact amount in the title; it read $0.00 beside 0.06%', () => {
    expect(['0.0009362808', '-0.0049999999', '0.005', '0E-10', '0.0000000000', '12.344'].map((v) => moneyBesideShare(v))).toEqual(['<$0.01', '−<$0.01', '$0.01', '$0.00', '$0.00', '$12.34']);
    // The cents a table apportions (largest remainder) decide: 0.008 given none reads <$0.01, 0.004 given one reads $0.01.
    expect([moneyBesideShare('0.008', 0n), moneyBesideShare('0.004', 1n), moneyBesideShare(null)]).toEqual(['<$0.01', '$0.01', '–']);
    expect(String(moneyBesideShareCell('0.0009362808'))).toBe('<td data-value="0.0009362808" title="$0.0009362808">&lt;$0.01</td>');
    expect(String(moneyBesideShareCell('-0.0002400000'))).toBe('<td data-value="-0.0002400000" title="−$0.00024">−&lt;$0.01</td>');
    expect(String(moneyBesideShareCell('1.3700000000'))).toBe('<td data-value="1.3700000000">$1.37</td>');
    // A total's share: none of rows that add up to exactly $0 (each of their shares is –).
    expect([totalShare(2, '0.0000025000'), totalShare(16, '0.0000000000'), totalShare(0, '0')]).toEqual(['100.00%', '–', '–']);
  });

  it('adds decimal text exactly', () => {
    expect(sumDecimals(['0.1', '0.2', '-0.3'])).toBe('0.0');
    expect(sumDecimals(['3682.9708968519', '174.8049056859', '149.3873981614', '37.2359982298', '14.1495820005', '5.9343506084'])).toBe('4064.4831315379');
    expect(sumDecimals([])).toBe('0');
  });
});

describe('the report context', () => {
  const data = { first_day: '2018-10-01', last_day: '2018-11-30', last_ingest: '2018-12-02 06:00:00', lines: 10 };

  it('is the last charge day, capped at today, with its month and the previous one', () => {
    expect(contextFor('2018-12-05', data)).toMatchObject({ today: '2018-12-05', as_of: '2018-11-30', as_of_next: '2018-12-01', month_start: '2018-11-01', prev_month_start: '2018-10-01' });
    expect(contextFor('2018-11-15', data)).toMatchObject({ as_of: '2018-11-15', as_of_next: '2018-11-16' });
    expect(contextFor('2019-01-20', { lines: 0 })).toMatchObject({ as_of: '2019-01-20', month_start: '2019-01-01', prev_month_start: '2018-12-01' });
    expect(contextFor('2018-12-05', data, '2019-03-31')).toMatchObject({ as_of: '2019-03-31', as_of_next: '2019-04-01', month_start: '2019-03-01', prev_month_start: '2019-02-01', last_day: '2018-11-30' });
  });
});

describe('the Overview daily chart\'s provisional days', () => {
  const days = (as_of: string, horizon: string | undefined, provisionalDays = 3) => shownProvisionalDays({
    context: { prev_month_start: '2026-11-01', as_of, as_of_next: '', horizon }, provisionalDays,
  });
  it('are the last provisionalDays complete days up to the data horizon, as anomalies leaves them unjudged, cut at the as-of day', () => {
    expect(days('2026-12-06', '2026-12-06')).toEqual({ from: '2026-12-04', to: '2026-12-06' });
    expect(days('2026-12-05', '2026-12-06')).toEqual({ from: '2026-12-04', to: '2026-12-05' });
    expect(days('2026-12-06', '2026-12-06', 1)).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(days('2026-12-06', '2026-12-06', 40)).toEqual({ from: '2026-11-01', to: '2026-12-06' });
  });
  it('are none before them, without a data horizon, or with provisionalDays 0', () => {
    expect(days('2026-12-03', '2026-12-06')).toBeNull();
    expect(days('2026-12-06', undefined)).toBeNull();
    expect(days('2026-12-06', '2026-12-06', 0)).toBeNull();
  });
});

describe('the days the Overview daily chart draws, as its caption names them', () => {
  const chart = (context: Parameters<typeof drawnDays>[0]['context']) => ({ drawn: drawnDays({ context }), lighter: shownProvisionalDays({ context, provisionalDays: 3 }) });
  it('begin on the store\'s first charge day when it is later than the first of last month (the legacy CUR: 1 Nov 2023, the FOCUS sample: 1 Sep 2024)', () => {
    // The caption said "1 Oct 2023 – 13 Nov 2023" and "1 Aug 2024 – 30 Sep 2024": months the store does not hold.
    expect(chart({ prev_month_start: '2023-10-01', as_of: '2023-11-13', as_of_next: '2023-11-14', horizon: '2023-11-13', first_day: '2023-11-01', last_day: '2023-11-14', data_gaps: [] }))
      .toEqual({ drawn: { first: '2023-11-01', last: '2023-11-13' }, lighter: { from: '2023-11-11', to: '2023-11-13' } });
    expect(chart({ prev_month_start: '2024-08-01', as_of: '2024-09-30', as_of_next: '2024-10-01', horizon: '2024-09-30', first_day: '2024-09-01', last_day: '2024-09-30', data_gaps: [] }).drawn)
      .toEqual({ first: '2024-09-01', last: '2024-09-30' });
  });
  it('skip a gap between billing periods, end on the store\'s last day before a later as-of day, and are none before the store', () => {
    const gap = [{ first: '2018-12-01', last: '2023-10-31' }];
    expect(chart({ prev_month_start: '2023-10-01', as_of: '2023-11-13', as_of_next: '', horizon: '2023-11-13', first_day: '2018-10-01', last_day: '2023-11-14', data_gaps: gap }).drawn).toEqual({ first: '2023-11-01', last: '2023-11-13' });
    // As of 20 Dec on a store whose data ends on 7 Dec: the lighter days end there too (they read "5–20 Dec 2026").
    expect(chart({ prev_month_start: '2026-11-01', as_of: '2026-12-20', as_of_next: '', horizon: '2026-12-07', first_day: '2026-10-01', last_day: '2026-12-07', data_gaps: [] }))
      .toEqual({ drawn: { first: '2026-11-01', last: '2026-12-07' }, lighter: { from: '2026-12-05', to: '2026-12-07' } });
    expect(chart({ prev_month_start: '2023-09-01', as_of: '2023-10-10', as_of_next: '', horizon: '2023-11-13', first_day: '2023-11-01', last_day: '2023-11-14', data_gaps: [] })).toEqual({ drawn: null, lighter: null });
  });
});

describe('the result cache', () => {
  it('computes a key once for concurrent requests, then answers from memory', async () => {
    const cache = new ResultCache<string>();
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((done) => setTimeout(done, 20));
      return { value: 'rows', bytes: 8 };
    };
    const answers = await Promise.all([cache.get('g1', 'q', compute), cache.get('g1', 'q', compute), cache.get('g1', 'q', compute)]);
    expect(computed).toBe(1);
    expect(answers.map((a) => a.hit)).toEqual([false, true, true]);
    expect(await cache.get('g1', 'q', compute)).toEqual({ value: 'rows', hit: true });
    expect(computed).toBe(1);
  });

  it('keeps one generation: switching drops the rest, and a late result of an old generation is not kept', async () => {
    const cache = new ResultCache<string>();
    await cache.get('g1', 'a', async () => ({ value: 'old', bytes: 3 }));
    cache.retainGeneration('g2');
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    await cache.get('g1', 'b', async () => ({ value: 'late', bytes: 4 }));
    expect(cache.size.entries).toBe(0);
    expect(await cache.get('g2', 'a', async () => ({ value: 'new', bytes: 3 }))).toEqual({ value: 'new', hit: false });
    expect(cache.size).toEqual({ entries: 1, bytes: 3 });
  });

  it('evicts the least recently used beyond its bounds, and never keeps a failure', async () => {
    const cache = new ResultCache<string>({ maxEntries: 2, maxBytes: 100 });
    for (const key of ['a', 'b']) await cache.get('g', key, async () => ({ value: key, bytes: 10 }));
    await cache.get('g', 'a', async () => ({ value: 'recomputed', bytes: 10 }));
    await cache.get('g', 'c', async () => ({ value: 'c', bytes: 10 }));
    expect((await cache.get('g', 'a', async () => ({ value: 'x', bytes: 10 }))).value).toBe('a');
    expect((await cache.get('g', 'b', async () => ({ value: 'b again', bytes: 10 }))).value).toBe('b again');
    await expect(cache.get('g', 'bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.get('g', 'bad', async () => ({ value: 'fine', bytes: 1 }))).value).toBe('fine');
    await cache.get('g', 'huge', async () => ({ value: 'too big to keep', bytes: 1000 }));
    expect((await cache.get('g', 'huge', async () => ({ value: 'again', bytes: 1000 }))).hit).toBe(false);
  });
});

describe('loopback', () => {
  it('is 127.0.0.0/8, ::1 and localhost, nothing else', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].map(isLoopbackHost)).toEqual([true, true, true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.0.1', '127.0.0.1.attacker.example', 'localhost.example'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});

describe('text on the pages', () => {
  it('sets the backticked commands of an analyser\'s text (the KPI definitions) as code, escaped, without the backticks', async () => {
    expect(String(await withCode("types (what `costlens modernise` calls older generation) & <others>, as `costlens commitments` reports")))
      .toBe('types (what <code>costlens modernise</code> calls older generation) &amp; &lt;others&gt;, as <code>costlens commitments</code> reports');
    expect(String(await withCode('an odd ` stays'))).toBe('an odd ` stays');
  });

  it('keeps a signed amount in running text on one line, and a resource id whole (a name may break at its hyphens, an ARN anywhere)', async () => {
    expect(String(await signedAmount('-5.61'))).toBe('<span class="amount">−$5.61</span>');
    expect(String(await signedAmount('408.78'))).toBe('<span class="amount">+$408.78</span>');
    expect(['i-06ed77da38103e0dd', 'vol-08a50dcafde4866ec', 'eipalloc-0abc12345678', 'payments-staging-artifacts-1ac6c1', 'arn:aws:glue:us-east-1:836060457634:devEndpoint/testing', null].map(resourceClass))
      .toEqual(['resource', 'resource', 'resource', 'resource named', 'resource arn', 'resource']);
  });

  it('labels evidence figures in words, keeping each JSON key in data-key; a key without a label reads as words too', async () => {
    expect(evidenceLabel('finestPeriodS')).toBe('Finest metric period, seconds');
    expect(evidenceLabel('recommendedBurstableBaselinePercent')).toBe("New type's burstable baseline, % per vCPU");
    expect(evidenceLabel('someNewFigureMs')).toBe('Some new figure ms');
    // No label is a key: no camelCase word (finestPeriodS), none repeated.
    const labels = Object.values(EVIDENCE_LABELS);
    expect(labels.filter((l) => /\b[a-z]{2,}[A-Z]/.test(l) || /\b[a-z]+[A-Z]\b/.test(l))).toEqual([]);
    expect(labels.length).toBe(new Set(labels).size);
    expect(String(await evidenceFigures({ daysObserved: 14, cpuStatistic: 'p99.5 statistic', recommendedBurstableBaselinePercent: null, memoryStatistic: 'mem_used_percent Average on 14 days' })))
      .toBe('<dl class="evidence-figures"><div><dt data-key="daysObserved">Days with data</dt><dd>14</dd></div><div><dt data-key="cpuStatistic">CPU statistic</dt><dd>p99.5 statistic</dd></div>'
        + '<div><dt data-key="recommendedBurstableBaselinePercent">New type&#39;s burstable baseline, % per vCPU</dt><dd>n/a</dd></div>'
        + '<div><dt data-key="memoryStatistic">Memory statistic</dt><dd class="sentence">mem_used_percent Average on 14 days</dd></div></dl>');
  });

  it('heads the chargeback\'s columns in words, the key\'s column with the tag key (the CSV keeps its column names)', () => {
    expect(['period', 'team', 'attributed_by', 'billed_direct', 'billed_shared_by_billed', 'billed_cost', 'effective_direct', 'effective_shared_by_effective', 'effective_cost', 'billed_share_pct', 'effective_share_pct']
      .map((c) => chargebackHeading(c, 'team', 'team'))).toEqual(['Period', 'team', 'Attributed by', 'Billed, direct', 'Billed, shared (split by billed)', 'Billed cost',
      'Effective, direct', 'Effective, shared (split by effective)', 'Effective cost', 'Share of billed', 'Share of effective']);
    expect(chargebackHeading('tag_period', 'tag_period', 'period')).toBe('period');
  });
});

describe('the Overview\'s "Why it changed" card (src/server/features/overview/drivers.ts)', () => {
  const zero = { volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n };
  const unmoved: DriverSet = { dimensions: ['service'], drivers: [], oldCost: 0n, newCost: 0n, change: 0n, parts: zero, oldCents: 0n, newCents: 0n, changeCents: 0n, partCents: zero };

  it('says in words that no driver is listed when none moved, never "the top 0 drivers"', async () => {
    expect([0, 1, 5].map(listedDriversText)).toEqual(['no driver moved, so none is listed', 'the top driver and what the rest explains', 'the top 5 drivers and what the rest explains']);
    const card = String(await whyItChangedCard({ ok: true, set: unmoved, old: { first: '2026-10-01', last: '2026-10-14' }, new: { first: '2026-11-01', last: '2026-11-14' }, cost: 'billed' }));
    expect(/id="why-spans">([^<]*)</.exec(card)![1]).toBe('Usage 1–14 Nov 2026 (14 days) against 1–14 Oct 2026 (14 days), billed cost: no driver moved, so none is listed.');
  });
});

describe('the Optimisation page\'s money stays in units to the cell that shows it (src/server/features/optimisation/totals.ts, page.ts)', () => {
  // Units of 1e-10 dollars: 10.005 is 100_050_000_000n. i-a is found by idle and by rightsizing (counted once, by its larger cash saving).
  const row = (kind: FindingMoneyRow['kind'], resourceId: string, cost: bigint, saving: bigint, commitment: bigint): FindingMoneyRow =>
    ({ kind, resourceId, accountId: '111122223333', region: 'us-east-1', usageType: null, monthlyCost: cost, monthlySaving: saving, monthlySavingCommitment: commitment });
  const rows = [
    row('idle', 'i-a', 100_050_000_000n, 1_401_600_000_000n, 0n), // $10.005 cost, $140.16 saving
    row('idle', 'vol-b', 200_050_000_000n, 73_000_000_000n, 25_000_000_000n), // $20.005, $7.30 cash and $2.50 of commitment freed
    row('idle', 'eip-c', 49_000_000n, 10_000_000_000n, 0n), // $0.0049, $1.00
    row('rightsizing', 'i-a', 300_000_000_000n, 500_000_000_000n, 0n), // $30.00, $50.00
  ];

  it('totals the findings in units: by hand, $30.0149 idle cost, $148.46 idle saving, $2.50 freed, $50.00 rightsizing, $148.46 + $2.50 counting i-a once', () => {
    expect(totalsOf(rows)).toEqual({
      idleWindowCost: 300_149_000_000n, idleSaving: 1_484_600_000_000n, idleSavingCommitment: 25_000_000_000n, rightsizingSaving: 500_000_000_000n,
      rightsizingSavingCommitment: 0n, saving: 1_484_600_000_000n, savingCommitment: 25_000_000_000n, cashFindings: 3, freeingFindings: 1,
    });
  });

  it('splits the idle rows\' cost over the cents of their sum ($30.01): $10.01 + $20.00 + $0.00, the tie of two half cents to the earlier row (each rounded alone: $30.02)', () => {
    expect(idleCostCents(rows.filter((r) => r.kind === 'idle'))).toEqual([1001n, 2000n, 0n]);
    expect(idleCostCents([])).toEqual([]);
  });

  it('formats a saving cell from units once: cash to the cent (the worklist total\'s data-value with 10 places), the commitment freed under it', () => {
    expect(String(findingSavingCell(73_000_000_000n, 25_000_000_000n)))
      .toBe('<td data-value="7.30">$7.30<span class="note freed" data-value="2.50">+ $2.50 of commitment freed</span></td>');
    expect(String(findingSavingCell(12_345_678_900_000n, 0n, 10))).toBe('<td data-value="1234.5678900000">$1,234.57</td>');
  });
});
