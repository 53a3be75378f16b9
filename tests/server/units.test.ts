import { describe, expect, it } from 'vitest';
import type { NamedQuery } from '../../src/engine/queries.ts';
import { CostlensError } from '../../src/errors.ts';
import { isIsoDay } from '../../src/lib/calendar.ts';
import { contextFor } from '../../src/server/context.ts';
import { sumDecimals } from '../../src/server/features/explore/page.ts';
import { shownProvisionalDays } from '../../src/server/features/overview/daily-chart.ts';
import { money, percent, signedMoney } from '../../src/server/html/format.ts';
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
