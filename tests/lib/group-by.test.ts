import { describe, expect, it } from 'vitest';
import { groupBy } from '../../src/lib/group-by.ts';

describe('groupBy', () => {
  it('keeps the order keys first appear in and the items\' order within each group', () => {
    const grouped = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    expect([...grouped]).toEqual([['b', ['b1', 'b2']], ['a', ['a1', 'a2']], ['c', ['c1']]]);
  });

  it('passes each item\'s index and reads any iterable once', () => {
    const seen: number[] = [];
    const grouped = groupBy(new Set([10, 11, 12, 13]), (n, i) => {
      seen.push(i);
      return n % 2 === 0 ? 'even' : 'odd';
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(Object.fromEntries(grouped)).toEqual({ even: [10, 12], odd: [11, 13] });
  });

  it('gives an empty map for no items', () => {
    expect(groupBy([], () => 'x').size).toBe(0);
  });
});
