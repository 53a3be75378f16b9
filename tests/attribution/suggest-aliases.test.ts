/**
 * `costlens attribute --suggest-aliases` on the shared demo, whose tags carry planted misspellings
 * (src/demo/catalog.ts): the ones the rule can see (separators, edit distance ≤ 2) are proposed as
 * aliases of their team and nothing else is; each with the BilledCost line_items gives its
 * spellings; the snippet, pasted as config, leaves nothing to suggest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { editDistance, nearDuplicate } from '../../src/analyze/attribution/aliases.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';

interface SuggestJson {
  tagKey: string; rawKeys: string[]; range: string; snippet: string;
  suggestions: { canonical: string; alias: string; spellings: string[]; reason: string; lines: number; billedCost: string; effectiveCost: string; billedCents: string }[];
}

describe('the near-duplicate rule', () => {
  it('case, separators (not between values of separators alone), and edit distance ≤ 2 between values of five letters or more with the same digits', () => {
    expect(nearDuplicate('Payments', 'payments')).toBe('case');
    expect(nearDuplicate('data_platform', 'DataPlatform')).toBe('separators');
    expect(nearDuplicate('payments', 'paymnets')).toBe('edit distance 1');
    expect(nearDuplicate('logistics', 'logistcs')).toBe('edit distance 1');
    expect(nearDuplicate('checkout', 'chekcuot')).toBe('edit distance 2');
    expect(nearDuplicate('search', 'search-team')).toBeNull();
    expect(nearDuplicate('ml', 'qa')).toBeNull();
    expect(nearDuplicate('CC-1001', 'CC-2001')).toBeNull();
    expect(nearDuplicate('\u00a0', '\t')).toBeNull();
    expect(nearDuplicate('-', 'payments')).toBeNull();
    expect(nearDuplicate('payments\t', '\u00a0payments')).toBe('separators');
    expect(editDistance('identity', 'idenitty')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('costlens attribute --suggest-aliases on the demo', () => {
  let db: string;
  let dir: string;
  let result: SuggestJson;
  const range = ['--from', '2026-01-01', '--to', '2027-01-01'];

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    dir = scratchDir();
    writeFileSync(join(dir, 'empty.json'), '{}');
    const run = await costlens(db, 'attribute', '--tag', 'team', '--suggest-aliases', ...range, '--config', join(dir, 'empty.json'), '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    result = JSON.parse(run.stdout);
  }, 600_000);

  it('proposes exactly the planted misspellings the rule can see, each as an alias of its own team', () => {
    expect(result.rawKeys).toEqual(['team']);
    const pairs = result.suggestions.map((s) => [s.alias, s.canonical.toLowerCase(), s.reason]).sort();
    expect(pairs).toEqual([
      ['DataPlatform', 'data-platform', 'separators'],
      ['check-out', 'checkout', 'separators'],
      ['data_platform', 'data-platform', 'separators'],
      ['idenitty', 'identity', 'edit distance 1'],
      ['logistcs', 'logistics', 'edit distance 1'],
      ['paymnets', 'payments', 'edit distance 1'],
    ]);
  });

  it('each alias moves the BilledCost and EffectiveCost of the lines that carry it, as line_items sums them', async () => {
    const rows = await sqlRows(db, `SELECT lower(trim(Tags['team'])) AS value, count(*) AS lines,
        CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
      FROM line_items WHERE Tags['team'] IS NOT NULL GROUP BY 1`);
    const byValue = new Map(rows.map((r) => [r.value, r]));
    for (const s of result.suggestions) {
      const expected = byValue.get(s.alias.toLowerCase())!;
      expect([s.alias, s.billedCost, s.effectiveCost, String(s.lines)]).toEqual([s.alias, expected.billed, expected.effective, expected.lines]);
    }
  });

  it('the snippet is config: pasted, it leaves nothing to suggest, and attribution then reads each misspelling as its team', async () => {
    const config = join(dir, 'costlens.config.yaml');
    writeFileSync(config, result.snippet);
    const again = await costlens(db, 'attribute', '--tag', 'team', '--suggest-aliases', ...range, '--config', config);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('# Near-duplicate values of the tag "team" in 2026-01-01/2027-01-01 (raw keys: team), as attribution reads them now.\n# No near-duplicates: nothing to add.\n');
    const csv = await costlens(db, 'attribute', '--tag', 'team', ...range, '--config', config, '--format', 'csv');
    expect(csv.code).toBe(0);
    for (const s of result.suggestions) expect(csv.stdout).not.toMatch(new RegExp(`^[^,]*,${s.alias},`, 'm'));
  });
});

describe('costlens attribute --suggest-aliases: near-duplicate keys (the demo\'s legacy CUR spells team three ways)', () => {
  const range = ['--from', '2026-01-01', '--to', '2027-01-01'];

  it('with foldKeys off, Team and TEAM are proposed as key aliases, each with the money of the lines only it tags', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['legacy-cur']);
    const dir = scratchDir();
    writeFileSync(join(dir, 'nofold.json'), JSON.stringify({ attribution: { foldKeys: false } }));
    const run = await costlens(db, 'attribute', '--tag', 'team', '--suggest-aliases', ...range, '--config', join(dir, 'nofold.json'), '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { rawKeys: string[]; keySuggestions: { alias: string; reason: string; lines: number; billedCost: string; effectiveCost: string }[]; snippet: string };
    expect(result.rawKeys).toEqual(['team']);
    expect(result.keySuggestions.map((k) => [k.alias, k.reason])).toEqual([['TEAM', 'case'], ['Team', 'case']]);
    for (const k of result.keySuggestions) {
      const [expected] = await sqlRows(db, `SELECT count(*) AS lines, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
        FROM line_items WHERE trim(coalesce(Tags['team'], '')) = '' AND trim(coalesce(Tags['${k.alias}'], '')) <> ''`);
      expect([k.lines, k.billedCost, k.effectiveCost]).toEqual([Number(expected.lines), expected.billed, expected.effective]);
    }
    expect(result.snippet).toContain('      aliases: ["TEAM", "Team"]\n');
    // Folding keys (the default) already reads all three spellings: no key to add.
    const folded = await costlens(db, 'attribute', '--tag', 'team', '--suggest-aliases', ...range, '--format', 'json');
    expect(JSON.parse(folded.stdout).keySuggestions).toEqual([]);
  }, 600_000);
});
