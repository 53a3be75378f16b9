import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './tests/tools/slowest-first.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each worker process runs file after file without re-importing: src/ and its dependencies
    // (DuckDB, the AWS SDK, Hono, zod) are evaluated once per worker instead of once per file,
    // which took 1–10 s of every file that runs the CLI. Files leave nothing behind for the next:
    // each closes what it opens and restores the environment it stubs (vi.unstubAllEnvs).
    isolate: false,
    // vitest's default is one file at a time on two cores (cores − 1); files spend much of their
    // time waiting (browsers, SMTP and S3 on loopback, retry delays, DuckDB I/O), so run one more
    // than the cores. On this 2-core machine: 508 s with three, 566–605 s with two, 594 s with four.
    maxWorkers: availableParallelism() + 1,
    // One DuckDB thread per instance (COSTLENS_THREADS, README "Environment"): with three files at
    // once on two cores, DuckDB's extra threads only wait for work, and waiting costs CPU there
    // (597 against 677–691 CPU-s for the suite). tests/store/duckdb-threads.test.ts ingests and
    // analyses the demo at two threads too, which must give the very rows and bytes of one.
    // The AWS SDK's notice that its 2027 releases need Node 22, off as bin/costlens.js turns it off for
    // the CLI (tests that run main() in-process would print it otherwise; tests/aws/sdk-node-notice.test.ts
    // runs the CLI without it).
    env: { COSTLENS_THREADS: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    globalSetup: ['tests/global-setup.ts'],
    // Removes each file's scratch folders when it ends (tests/helpers/scratch-dirs.ts).
    setupFiles: ['tests/tools/remove-scratch-dirs.ts', 'tests/tools/file-cpu.ts'],
    // The slowest files first (tests/tools/slowest-first.ts), also on a fresh clone without vitest's cache.
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
