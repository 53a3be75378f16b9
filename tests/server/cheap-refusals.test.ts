/**
 * A page refuses a bad parameter before any analysis: the 400 page carries the page's form built
 * from the request and the store's calendar, where before it rendered the page again without the
 * bad field, computing the whole analysis to find its form (the first /optimisation 400 of an app
 * ran idle + rightsizing + modernisation, ~1.1 CPU-s; a /resource 400 for an unknown parameter its
 * findings; /commitments?period=2026-13 four commitments reports). Status, message, hint and the
 * marked field are as before; a good request still shows the CLI's figures. On the demo store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { Analyses } from '../../src/server/analysis-service.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { toUnits } from '../../src/lib/money.ts';
import { appOn, page } from './helpers.ts';
import { cli, DEMO_NOW, demoStore, figure, textOf } from './page-helpers.ts';

/** The cache keys of the analyses: the findings, modernisation and commitments reports. */
const ANALYSIS = /^(idle|rightsizing|optimisation|modernise|resource-findings)\u0000|^commitments\u0000\[/;

describe('a bad parameter is refused before any analysis, with the same 400 as before', () => {
  let db: string;
  let configPath: string;
  let config: Awaited<ReturnType<typeof demoStore>>['config'];
  let idle: IdleFinding[];
  const apps: CostlensApp[] = [];
  /** Every analysis cache key asked for, hit or computed. */
  const analysed: string[] = [];

  beforeAll(async () => {
    ({ db, configPath, config } = await demoStore(inject('demoDir'), ['cur2', 'metrics.csv', 'inventory.csv']));
    idle = JSON.parse(await cli(db, 'idle', '--format', 'json', '--config', configPath));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    analysed.length = 0;
  });
  afterAll(() => apps.forEach((app) => app.close()));

  /** A fresh app (nothing cached yet), the analyses it starts counted. */
  function freshApp(): CostlensApp {
    const app = appOn(db, { clock: () => DEMO_NOW, config });
    apps.push(app);
    const cached = Analyses.prototype.cached;
    vi.spyOn(Analyses.prototype, 'cached').mockImplementation(function (this: Analyses, key, compute) {
      if (ANALYSIS.test(key)) analysed.push(key.split('\u0000')[0]);
      return cached.call(this, key, compute);
    } as typeof cached);
    return app;
  }

  /** A 400 page's note, and the error beside the field (or atop the form). */
  async function refusal(path: string): Promise<{ status: number; note: string; error: string }> {
    const response = await page(freshApp(), path);
    const html = await response.text();
    return {
      status: response.status,
      note: textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1]),
      error: textOf(/class="form-error[^"]*" id="[^"]*" role="alert">([^]*?)<\/(?:span|p)>/.exec(html)![1]),
    };
  }

  it('/optimisation with an as_of that is not a date', async () => {
    const findIdle = vi.spyOn(Analyses.prototype, 'idle');
    const findRightsizing = vi.spyOn(Analyses.prototype, 'rightsizing');
    expect(await refusal('/optimisation?as_of=2026-13-01&owner_key=team')).toEqual({
      status: 400,
      note: 'Nothing is shown until the marked field is fixed: as_of must be a date YYYY-MM-DD; got "2026-13-01"',
      error: 'as_of must be a date YYYY-MM-DD; got "2026-13-01"',
    });
    expect([findIdle.mock.calls.length, findRightsizing.mock.calls.length, analysed]).toEqual([0, 0, []]);
  });

  it('/resource with a parameter it does not take', async () => {
    expect(await refusal(`/resource?id=${idle[0].resourceId}&start=2026-10-01&end=2026-11-01&bogus=1`)).toEqual({
      status: 400,
      note: 'Nothing is shown until the marked field is fixed: the resource view takes no parameter "bogus"',
      error: 'the resource view takes no parameter "bogus" (its parameters: id, start, end)',
    });
    expect(analysed).toEqual([]);
  });

  it('/commitments with a month that does not exist', async () => {
    expect(await refusal('/commitments?period=2026-13')).toEqual({
      status: 400,
      note: 'Nothing is shown until the marked field is fixed: period must be YYYY-MM; got "2026-13"',
      error: 'period must be YYYY-MM; got "2026-13"',
    });
    expect(analysed).toEqual([]);
  });

  it('good requests still answer 200 with the CLI\'s figures', async () => {
    const app = freshApp();
    const optimisation = await page(app, '/optimisation?as_of=2026-11-15&owner_key=team');
    expect(optimisation.status).toBe(200);
    const idleSaving = idle.reduce((sum, f) => sum + toUnits(f.monthlySaving), 0n);
    expect(toUnits(figure(await optimisation.text(), 'optimisation-idle')!)).toBe(idleSaving);
    const id = idle[0].resourceId!;
    const resource = await (await page(app, `/resource?id=${id}&start=2026-09-16&end=2026-11-15`)).text();
    expect(/<section class="top-table" id="resource-findings">[^]*?<tr data-rule="([^"]*)">/.exec(resource)![1]).toBe(idle[0].rule);
    const commitments = JSON.parse(await cli(db, 'commitments', '--period', '2026-10', '--format', 'json', '--config', configPath));
    const html = await (await page(app, '/commitments?period=2026-10')).text();
    expect(figure(html, 'commitments-unused')).toBe(commitments.unusedCost);
    expect(analysed).toEqual(expect.arrayContaining(['idle', 'rightsizing', 'commitments']));
  });
});
