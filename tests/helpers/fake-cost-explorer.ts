/**
 * The fake Cost Explorer that the `costlens pull ce` tests run against, set up once for a test
 * file: the fake AWS endpoint serving Cost Explorer and STS (for the credentials' account), pointed
 * at through the environment (tests/aws/helpers.ts startFakeAws), seeded with `charges`; its
 * recorded calls are cleared before each test and it is stopped, and the environment restored,
 * after the file (the suite shares workers: nothing outlives the file).
 */
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { startFakeAws } from '../aws/helpers.ts';
import { FakeCostExplorer, type FakeCharge } from '../fakes/aws/cost-explorer.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { FakeSts } from '../fakes/aws/sts.ts';

/** The fake services of a test file; `fake` is the running endpoint (from the file's beforeAll on). */
export interface FakeCostExplorerAws {
  ce: FakeCostExplorer;
  sts: FakeSts;
  readonly fake: FakeAws;
}

/**
 * Registers the file's hooks: starts the fake with `charges` before its tests, clears the recorded
 * calls (and runs `eachTest`, e.g. to reset a paging setting) before each, stops it after them.
 */
export function useFakeCostExplorer(charges: () => FakeCharge[], eachTest?: (aws: FakeCostExplorerAws) => void): FakeCostExplorerAws {
  let running: FakeAws | undefined;
  const aws: FakeCostExplorerAws = {
    ce: new FakeCostExplorer(),
    sts: new FakeSts(),
    get fake() {
      if (!running) throw new Error('the fake Cost Explorer is started in beforeAll: use it inside a test or hook');
      return running;
    },
  };
  beforeAll(async () => {
    running = await startFakeAws([aws.ce, aws.sts]);
    aws.sts.attach(running);
    aws.ce.charges = charges();
  });
  afterAll(async () => {
    await running?.stop();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    aws.fake.reset();
    eachTest?.(aws);
  });
  return aws;
}
