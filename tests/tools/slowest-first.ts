/**
 * Runs the slowest test files first, by the seconds each took in a recent full run
 * (tests/file-durations.json, rewritten by `npm run test:slowest -- --write-order`), so that on a
 * fresh clone, with no vitest cache yet, the workers do not end with one long file running
 * alone. Files not listed (new ones) go first: their time is not known.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DURATIONS = fileURLToPath(new URL('../file-durations.json', import.meta.url));

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    let seconds: Record<string, number> = {};
    try {
      seconds = JSON.parse(readFileSync(DURATIONS, 'utf8')) as Record<string, number>;
    } catch {
      return super.sort(files);
    }
    const took = (file: TestSpecification) => seconds[relative(ROOT, file.moduleId)] ?? Number.POSITIVE_INFINITY;
    return [...files].sort((a, b) => took(b) - took(a) || (a.moduleId < b.moduleId ? -1 : 1));
  }
}
