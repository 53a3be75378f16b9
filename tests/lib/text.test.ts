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

describe('percentText (src/lib/quantity-cells.ts): the one way the pages and the e-mail write a percentage', () => {
  it('writes % straight after, rounds half away from zero on the decimal text, and never writes −0.0%', async () => {
    const { percentText } = await import('../../src/lib/quantity-cells.ts');
    expect([percentText(18.25, 1), percentText(88.045, 2), percentText(100), percentText(-3.5, 1), percentText(-0.01, 1), percentText(0, 2)])
      .toEqual(['18.3%', '88.05%', '100%', '−3.5%', '0.0%', '0.00%']);
  });
});
