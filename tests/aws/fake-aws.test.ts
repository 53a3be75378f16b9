import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FakeCostExplorer } from '../fakes/aws/cost-explorer.ts';
import { FakeAws } from '../fakes/aws/server.ts';

/** A raw HTTP POST to the fake: status and body, or the connection error. */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string; headers: Record<string, unknown> } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

const signed = (key = 'AKIDCOSTLENSFAKE0001') => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${key}/20261126/us-east-1/ce/aws4_request, SignedHeaders=host, Signature=00`,
  'x-amz-target': 'AWSInsightsIndexService.GetCostAndUsage', 'content-type': 'application/x-amz-json-1.1',
});
const body = JSON.stringify({ TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });

describe('the fake AWS itself', () => {
  it('refuses unsigned requests and unknown keys in the protocol\'s error envelope', async () => {
    const fake = await FakeAws.start([new FakeCostExplorer()]);
    try {
      const unsigned = await post(fake.url, { 'content-type': 'application/x-amz-json-1.1' }, body);
      expect(unsigned).toMatchObject({ status: 403 });
      const unknown = await post(fake.url, signed('AKIDSOMEONEELSE00001'), body);
      expect(unknown).toMatchObject({ status: 403, body: '{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid (AKIDSOMEONEELSE00001)"}' });
      expect((unknown as { headers: Record<string, unknown> }).headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
    } finally {
      await fake.stop();
    }
  });

  it('is bounded: past its request cap it answers 500, and it stops by itself after its lifetime', async () => {
    const fake = await FakeAws.start([new FakeCostExplorer()], { lifetimeMs: 400, maxRequests: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(fake.url, signed(), body) as { status: number }).status);
    expect(statuses).toEqual([200, 200, 500]);
    expect(fake.requests).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await post(fake.url, signed(), body)).toEqual({ error: 'ECONNREFUSED' });
  });
});
