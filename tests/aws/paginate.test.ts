import { describe, expect, it } from 'vitest';
import { MAX_PAGES, paginate } from '../../src/aws-client/paginate.ts';
import { CostlensError } from '../../src/errors.ts';

/** A paginated read in memory: `tokens[i]` is the token page i+1 returns; every request is recorded. */
function service(tokens: (string | null | undefined)[]) {
  const sent: (string | undefined)[] = [];
  const fetchPage = async (token: string | undefined) => {
    sent.push(token);
    return { n: sent.length, next: tokens[sent.length - 1] };
  };
  return { sent, fetchPage, nextToken: (page: { next?: string | null }) => page.next };
}

async function readAll<P>(pages: AsyncGenerator<P>): Promise<{ read: P[]; error?: CostlensError }> {
  const read: P[] = [];
  try {
    for await (const page of pages) read.push(page);
  } catch (error) {
    return { read, error: error as CostlensError };
  }
  return { read };
}

describe('paginate: one loop for every AWS pagination token', () => {
  it('follows every token, in order, and stops at the first page without one (undefined, null or empty)', async () => {
    for (const last of [undefined, null, '']) {
      const s = service(['t1', 't2', last]);
      const { read, error } = await readAll(paginate('test List', s.fetchPage, s.nextToken));
      expect(error).toBeUndefined();
      expect(read.map((p) => p.n)).toEqual([1, 2, 3]);
      expect(s.sent).toEqual([undefined, 't1', 't2']);
    }
  });

  it('a page that returns the token it was requested with stops the read after that page: 2 requests, not an endless loop', async () => {
    const s = service(['same', 'same', 'same', 'same']);
    const { read, error } = await readAll(paginate('ce GetCostAndUsage', s.fetchPage, s.nextToken));
    expect(s.sent).toEqual([undefined, 'same']);
    expect(read.map((p) => p.n)).toEqual([1, 2]);
    expect(error).toBeInstanceOf(CostlensError);
    expect(error!.code).toBe('aws');
    expect(error!.message).toBe('ce GetCostAndUsage: page 2 returned the pagination token it was requested with; stopped after 2 pages rather than request the same pages without end');
    expect(error!.hint).toBe('the service (or the endpoint in AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>) repeats its pagination; retry later, and report it to the endpoint\'s owner if it persists');
  });

  it('a token of an earlier page coming back (a cycle a → b → a) stops the read too, naming that page', async () => {
    const s = service(['a', 'b', 'c', 'a', 'b']);
    const { read, error } = await readAll(paginate('s3 ListObjectsV2 (s3://bucket/prefix/)', s.fetchPage, s.nextToken));
    expect(s.sent).toEqual([undefined, 'a', 'b', 'c']);
    expect(read).toHaveLength(4);
    expect(error!.message).toBe('s3 ListObjectsV2 (s3://bucket/prefix/): page 4 returned the pagination token of page 2 again; stopped after 4 pages rather than request the same pages without end');
  });

  it(`new tokens without end stop at MAX_PAGES (${MAX_PAGES.toLocaleString('en-US')}) requests; the page after is never asked for`, async () => {
    expect(MAX_PAGES).toBe(10_000);
    const sent: (string | undefined)[] = [];
    const fetchPage = async (token: string | undefined) => {
      sent.push(token);
      return { next: `t${sent.length}` };
    };
    const { read, error } = await readAll(paginate('athena GetQueryResults (query q-1)', fetchPage, (page) => page.next));
    expect(sent).toHaveLength(MAX_PAGES);
    expect(read).toHaveLength(MAX_PAGES);
    expect(sent.at(-1)).toBe(`t${MAX_PAGES - 1}`);
    expect(error).toBeInstanceOf(CostlensError);
    expect(error!.code).toBe('aws');
    expect(error!.message).toBe('athena GetQueryResults (query q-1): more pages after 10,000, costlens\'s limit for one paginated read; stopped rather than request pages without end');
  });

  it('a read of exactly MAX_PAGES pages, the last without a token, completes', async () => {
    let n = 0;
    const fetchPage = async () => ({ next: ++n < MAX_PAGES ? `t${n}` : undefined });
    const { read, error } = await readAll(paginate('ec2 DescribeInstances', fetchPage, (page) => page.next));
    expect(error).toBeUndefined();
    expect(read).toHaveLength(MAX_PAGES);
  });

  it('an error of a request ends the read with that error, unchanged', async () => {
    const failure = new CostlensError('aws', 'ce GetCostAndUsage failed: boom');
    const fetchPage = async (token: string | undefined) => {
      if (token === 't1') throw failure;
      return { next: 't1' };
    };
    const { read, error } = await readAll(paginate('ce GetCostAndUsage', fetchPage, (page) => page.next));
    expect(read).toHaveLength(1);
    expect(error).toBe(failure);
  });
});
