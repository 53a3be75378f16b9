/** src/lib/text.ts: the one plural rule, with the count (`plural`) or without it (`pluralNoun`, for a count written in markup). */
import { describe, expect, it } from 'vitest';
import { capitalised, plural, pluralNoun } from '../../src/lib/text.ts';

describe('plural and pluralNoun', () => {
  it('singular for exactly one (a number or a bigint), the plural form for 0 and more, -s unless given', () => {
    expect([plural(0, 'file'), plural(1, 'file'), plural(2, 'file'), plural(1n, 'attempt'), plural(3n, 'attempt')]).toEqual(['0 files', '1 file', '2 files', '1 attempt', '3 attempts']);
    expect([plural(1, 'resource was', 'resources were'), plural(5, 'resource was', 'resources were')]).toEqual(['1 resource was', '5 resources were']);
    expect([pluralNoun(1, 'finding saves', 'findings save'), pluralNoun(1_234, 'finding saves', 'findings save'), pluralNoun(2, 'it', 'them')]).toEqual(['finding saves', 'findings save', 'them']);
  });

  it('capitalised: the first letter only', () => {
    expect([capitalised('the last 3 complete days'), capitalised('')]).toEqual(['The last 3 complete days', '']);
  });
});
