/**
 * A vitest reporter that writes how long each test file took (import, hooks and tests) to
 * `$COSTLENS_TEST_DURATIONS` (default tests/artifacts/test-durations.json), for
 * `npm run test:slowest`. vitest's own JSON report leaves out the time spent in beforeAll hooks,
 * where most files build their stores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** One file's times in milliseconds: `total` is what it held a worker for. */
export interface FileDuration {
  file: string;
  state: string;
  total: number;
  import: number;
  run: number;
  tests: number;
}

function durationOf(module: TestModule): FileDuration {
  const d = module.diagnostic();
  const imported = d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration;
  return {
    file: module.relativeModuleId,
    state: module.state(),
    total: Math.round(imported + d.duration),
    import: Math.round(imported),
    run: Math.round(d.duration),
    tests: [...module.children.allTests()].length,
  };
}

/** Rewrites the report after every file, so a run cut short still says where its time went. */
export default class DurationsReporter implements Reporter {
  private started = Date.now();
  private files: FileDuration[] = [];

  onTestRunStart(): void {
    this.started = Date.now();
    this.files = [];
  }

  onTestModuleEnd(module: TestModule): void {
    this.files.push(durationOf(module));
    this.write();
  }

  onTestRunEnd(): void {
    this.write();
  }

  private write(): void {
    const out = resolve(process.env.COSTLENS_TEST_DURATIONS ?? 'tests/artifacts/test-durations.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ wallMs: Date.now() - this.started, files: this.files }, null, 2)}\n`);
  }
}
