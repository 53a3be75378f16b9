import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascending, codePointOrder, descending } from '../../src/lib/order.ts';

const SRC = join(import.meta.dirname, '../../src');
const TESTS = join(import.meta.dirname, '..');

/** Every TypeScript file under `dir` (src/ unless named). */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('sort order (src/lib/order.ts)', () => {
  it('orders strings by code point, whatever the locale: upper case before lower case, digits before letters', () => {
    expect(['payments', 'Platform', 'analytics', '2-data', 'Analytics'].sort(codePointOrder)).toEqual(['2-data', 'Analytics', 'Platform', 'analytics', 'payments']);
    expect(['payments', 'Platform', 'analytics'].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(['analytics', 'payments', 'Platform']);
  });

  it('orders money in bigint units exactly, past the 2^53 a number holds', () => {
    const units = [9_007_199_254_740_993n, -5n, 9_007_199_254_740_992n, 0n];
    expect([...units].sort(ascending)).toEqual([-5n, 0n, 9_007_199_254_740_992n, 9_007_199_254_740_993n]);
    expect([...units].sort(descending)).toEqual([9_007_199_254_740_993n, 9_007_199_254_740_992n, 0n, -5n]);
    expect(descending(3n, 3n)).toBe(0);
  });

  it('is the one comparator of src/: no localeCompare, no hand-written `a < b ? -1 : …` (nor `? 1 : … ? -1`), no money compared as Number()', () => {
    const written = sources().filter((file) => !file.endsWith(join('lib', 'order.ts'))).flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, i) =>
        /localeCompare\(|\? -1 : |\? 1 : [^:]{1,80}\? -1\b|Number\([ab]\.\w+\) - Number\([ab]\.\w+\)/.test(line) ? [`${relative(SRC, file)}:${i + 1}`] : []));
    expect(written).toEqual([]);
  });

  it('the tests sort by the same comparator: no localeCompare under tests/ (but in this file, which shows how it differs)', () => {
    const written = sources(TESTS).filter((file) => file !== import.meta.filename).flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/localeCompare\(/.test(line) ? [`${relative(TESTS, file)}:${i + 1}`] : [])));
    expect(written).toEqual([]);
  });
});
