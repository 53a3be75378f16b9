/**
 * Where the weekly e-mail's links point: COSTLENS_PUBLIC_URL over `report.publicUrl`, a bad value
 * refused with the name of the variable or key, and the links of `costlens report weekly --out`
 * (plain text and HTML alike) under the address the environment gives.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { CostlensError } from '../../src/errors.ts';
import { resolvePublicUrl } from '../../src/report/public-url.ts';
import { demoStore, reportCli } from './helpers.ts';

describe('the public URL of the dashboards', () => {
  it('COSTLENS_PUBLIC_URL wins over report.publicUrl; trailing slashes go; neither means no links', () => {
    const config = { publicUrl: 'https://config.example.com/costlens/' };
    expect(resolvePublicUrl(config, { COSTLENS_PUBLIC_URL: 'https://env.example.com//' })).toBe('https://env.example.com');
    expect(resolvePublicUrl(config, {})).toBe('https://config.example.com/costlens');
    expect(resolvePublicUrl(config, { COSTLENS_PUBLIC_URL: '  ' })).toBe('https://config.example.com/costlens');
    expect(resolvePublicUrl({}, {})).toBeNull();
    expect(resolvePublicUrl({}, { COSTLENS_PUBLIC_URL: 'http://127.0.0.1:8787' })).toBe('http://127.0.0.1:8787');
  });

  it('a COSTLENS_PUBLIC_URL that is not an http(s) address without query is a config error naming it, with a hint', () => {
    for (const bad of ['costlens.example.com', 'ftp://costlens.example.com', 'https://costlens.example.com/?token=x', 'https://u:p@costlens.example.com', 'https://costlens.example.com/#top']) {
      let error: unknown;
      try {
        resolvePublicUrl({}, { COSTLENS_PUBLIC_URL: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(CostlensError);
      expect((error as CostlensError).code).toBe('config');
      expect((error as CostlensError).message).toBe(`COSTLENS_PUBLIC_URL must be an http:// or https:// address without ?query or #fragment, e.g. https://costlens.example.com; got "${bad}"`);
      expect((error as CostlensError).hint).toMatch(/dashboards/);
    }
  });

  it('report.publicUrl is checked with the config, the error naming the key', () => {
    expect(parseConfig({ report: { publicUrl: 'https://costlens.example.com' } }).report.publicUrl).toBe('https://costlens.example.com');
    expect(() => parseConfig({ report: { publicUrl: 'costlens.example.com' } })).toThrow(/^config: report\.publicUrl: must be an http:\/\/ or https:\/\/ address/);
  });
});

describe('costlens report weekly with COSTLENS_PUBLIC_URL', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };

  beforeAll(async () => {
    store = await demoStore(demoDir);
  });

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('a bad value stops the command before anything is built (exit 3, the variable named, a hint)', async () => {
    const run = await reportCli(store.db, { COSTLENS_PUBLIC_URL: 'costlens.acme.example' }, 'weekly', '--out', join(store.dir, 'never'), '--config', store.config);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('COSTLENS_PUBLIC_URL must be an http:// or https:// address');
    expect(run.stderr).toMatch(/hint: .*dashboards/);
    expect(run.stdout).toBe('');
  });

  it('--out: every section of the plain text and the HTML links to its page under the address', async () => {
    const out = join(store.dir, 'out');
    const run = await reportCli(store.db, { COSTLENS_PUBLIC_URL: 'https://costlens.acme.example/' }, 'weekly', '--week', '2026-W45', '--audience', 'engineering', '--out', out, '--config', store.config);
    expect(run.code, run.stderr).toBe(0);
    const eml = await simpleParser(readFileSync(join(out, '2026-W45-engineering.eml')));
    const titles = [...eml.text!.matchAll(/\n([^\n]+)\n-+\n/g)].map((m) => m[1]);
    expect(titles).toEqual(['This week', 'Day by day', 'Month to date: 2026-11', 'Spend by team (team)', 'Top movers', 'Why they moved', 'New anomalies', 'Untagged spend and team tag coverage', 'Savings waiting', 'Commitments', 'Efficiency KPIs']);
    const textLinks = [...eml.text!.matchAll(/^(https:\/\/\S+)$/gm)].map((m) => m[1]);
    expect(textLinks).toEqual([
      'https://costlens.acme.example/explore?dimension=service&start=2026-11-02&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/explore?dimension=service&start=2026-10-26&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/?as_of=2026-11-08&cost=billed',
      'https://costlens.acme.example/attribution?tag=team&start=2026-11-02&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/explore?dimension=service&start=2026-10-26&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/explore?dimension=usage_type&start=2026-10-26&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/?as_of=2026-11-08&cost=billed#anomaly-events',
      'https://costlens.acme.example/attribution?tag=team&start=2026-10-05&end=2026-11-09&cost=billed',
      'https://costlens.acme.example/optimisation?as_of=2026-11-09&owner_key=team',
      'https://costlens.acme.example/commitments?period=2026-10',
      'https://costlens.acme.example/kpi?by=team&months=3',
    ]);
    // Besides its section link, "Why they moved" links each driver (indented under its row in the text part).
    const everyTextLink = [...eml.text!.matchAll(/^ *(https:\/\/\S+)$/gm)].map((m) => m[1]);
    const driverLinks = everyTextLink.filter((l) => !textLinks.includes(l));
    expect(driverLinks.length).toBe(20);
    expect(driverLinks.every((l) => /^https:\/\/costlens\.acme\.example\/resource\?id=[^&]+&start=2026-10-26&end=2026-11-09$/.test(l))).toBe(true);
    const htmlLinks = [...String(eml.html).matchAll(/<a href="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
    expect(htmlLinks).toEqual(everyTextLink);
    const preview = readFileSync(join(out, '2026-W45-engineering.html'), 'utf8');
    expect([...preview.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'))).toEqual(everyTextLink);
  });
});
