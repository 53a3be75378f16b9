/**
 * src/analyze/attribution/tag-values.ts, the one place a tag is read: which raw key a line's value comes from,
 * what each raw value stands for, what SQL is told, and the keys offered for a choice; and the
 * VARCHAR[] query parameters that carry it to SQL.
 */
import { describe, expect, it } from 'vitest';
import { attributionConfigSchema } from '../../src/analyze/attribution/config.ts';
import { resolveKey } from '../../src/analyze/attribution/keys.ts';
import { canonicalTagValues, pickRawValue, rawTagValues, rawValuesOf, tagKeyChoices, tagValueParams } from '../../src/analyze/attribution/tag-values.ts';
import { athenaLiteral } from '../../src/engine/athena-sql.ts';
import { bindParams } from '../../src/engine/duckdb.ts';
import { parseQueryFile } from '../../src/engine/queries.ts';
import { validateParams } from '../../src/server/params.ts';

const config = attributionConfigSchema.parse({
  tags: { team: { aliases: ['owner-team'], values: { payments: ['paymnets'], 'data-platform': ['data_platform'] } } },
});

/** Raw values of team seen in a range, with their line counts. */
const OBSERVED = [
  { raw: 'payments', lines: 10 }, { raw: 'payments ', lines: 4 }, { raw: 'Payments', lines: 3 }, { raw: 'paymnets', lines: 1 },
  { raw: 'data_platform', lines: 2 }, { raw: 'Search', lines: 5 }, { raw: 'search', lines: 2 }, { raw: '  ', lines: 7 },
];

describe('reading a tag key', () => {
  it('a line\'s raw value is that of the first raw key, in pick order, with a non-blank value', () => {
    const key = resolveKey(config, 'team', ['Team', 'owner-team', 'team', 'TEAM']);
    expect(key.rawKeys).toEqual(['team', 'owner-team', 'TEAM', 'Team']);
    const tags: Record<string, string> = { team: '  ', 'owner-team': 'checkout', Team: 'search' };
    expect(pickRawValue(key.rawKeys, (k) => tags[k])).toEqual({ rawKey: 'owner-team', raw: 'checkout' });
    expect(pickRawValue(key.rawKeys, () => undefined)).toBeNull();
  });

  it('normalised: spellings fold to the configured value, unconfigured ones to the spelling on most lines; blanks are no value', () => {
    const values = canonicalTagValues(resolveKey(config, 'team', ['team']), OBSERVED);
    expect(values.values.map((v) => [v.raw, v.value])).toEqual([
      ['payments', 'payments'], ['Search', 'Search'], ['payments ', 'payments'], ['Payments', 'payments'],
      ['data_platform', 'data-platform'], ['search', 'Search'], ['paymnets', 'payments'],
    ]);
    expect(values.resolve('PAYMENTS ')).toBe('payments');
    expect(values.resolve(' ')).toBeNull();
    expect(rawValuesOf(values, 'payments')).toEqual(['payments', 'payments ', 'Payments', 'paymnets']);
    // SQL is told the raw keys and only the raw values that stand for something else.
    expect(tagValueParams(values)).toEqual({
      tag_keys: '["team"]',
      tag_raw_values: '["payments ","Payments","data_platform","search","paymnets"]',
      tag_values: '["payments","payments","data-platform","Search","payments"]',
    });
  });

  it('raw: the key as spelled, every value as ingested', () => {
    const values = rawTagValues('Team', OBSERVED);
    expect(values.key.rawKeys).toEqual(['Team']);
    expect(values.resolve('payments ')).toBe('payments ');
    expect(new Set(values.values.map((v) => v.value)).size).toBe(7);
    expect(tagValueParams(values)).toEqual({ tag_keys: '["Team"]', tag_raw_values: '[]', tag_values: '[]' });
  });

  it('keys offered for a choice: a configured key stands for its aliases and folded spellings; other folded spellings are one key', () => {
    expect(tagKeyChoices(config, ['Team', 'cost_center', 'owner-team', 'CostCenter', 'team', 'env'])).toEqual(['team', 'cost_center', 'env']);
    expect(tagKeyChoices({ ...config, foldKeys: false }, ['Team', 'cost_center', 'owner-team', 'CostCenter', 'team'])).toEqual(['Team', 'cost_center', 'team', 'CostCenter']);
  });
});

describe('VARCHAR[] query parameters', () => {
  const query = parseQueryFile('test/lists', 'lists.sql', `-- A list.
-- @param keys VARCHAR[] = []  raw keys
-- @returns n BIGINT
SELECT len($keys) AS n`);

  it('are JSON arrays of strings, bound as lists (an ARRAY literal for Athena)', () => {
    expect(query.params).toEqual([{ name: 'keys', type: 'VARCHAR[]', defaultValue: '[]', description: 'raw keys' }]);
    expect(bindParams(query, { keys: '["team","it\'s"]' })).toEqual({ keys: ['team', "it's"] });
    expect(bindParams(query, {})).toEqual({ keys: [] });
    expect(athenaLiteral('VARCHAR[]', ['team', "it's"])).toBe("ARRAY['team', 'it''s']");
    expect(athenaLiteral('VARCHAR[]', [])).toBe('CAST(ARRAY[] AS ARRAY(VARCHAR))');
  });

  it('anything else is a usage error naming the parameter; the server also bounds the items', () => {
    for (const bad of ['team', '[1]', '{"a":"b"}', '["a",null]']) {
      expect(() => bindParams(query, { keys: bad })).toThrow(`parameter "keys" of test/lists must be a JSON array of strings, e.g. ["a","b"]; got "${bad}"`);
    }
    expect(() => validateParams(query, { keys: JSON.stringify(['x'.repeat(257)]) })).toThrow('must be a list of texts of at most 256 characters without control characters');
    expect(() => validateParams(query, { keys: JSON.stringify(['a\u0000b']) })).toThrow('without control characters');
    expect(() => validateParams(query, { keys: JSON.stringify(Array.from({ length: 10_001 }, (_, i) => String(i))) })).toThrow('a list of at most 10000 items');
    expect(validateParams(query, { keys: '["team"]' })).toEqual({ keys: '["team"]' });
  });
});
