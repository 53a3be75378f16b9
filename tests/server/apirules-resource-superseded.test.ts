/**
 * `costlens modernise` leaves out the findings on resources idle flags and on instances rightsizing
 * resizes (supersededByIdle[], supersededByRightsizing[], each with a note). The resource view read
 * only the findings kept, so for the demo's unattached gp2 volume vol-0632e338a980e9bdb it said "No
 * modernisation rule fires for this resource", though modernise found gp2 → gp3 (5.00 a month) and
 * left it out for idle's ebs-unattached. The view now shows each left-out finding with its note and
 * the figures of modernise's JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport, SupersededFinding } from '../../src/analyze/modernise/index.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { page } from './helpers.ts';
import { cli, demoApp } from './page-helpers.ts';

const VOLUME = 'vol-0632e338a980e9bdb';

/** `1234.5` → `$1,234.50`, written here apart from the page's formatter. */
function usd(text: string): string {
  expect(text).toMatch(/^\d+\.\d\d$/);
  const [whole, cents] = text.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/** Text of HTML with its tags dropped and entities read. */
function plain(html: string): string {
  return html.replace(/<[^>]+>/g, '').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

describe('the resource view names the modernisation finding that idle or rightsizing supersedes (demo with metrics and inventory)', () => {
  let app: CostlensApp;
  let report: ModerniseReport;
  const section = async (id: string) => {
    const response = await page(app, `/resource?${new URLSearchParams({ id, start: '2026-11-01', end: report.asOf })}`);
    expect(response.status, id).toBe(200);
    const html = await response.text();
    const found = /<section class="top-table" id="resource-modernisation">([^]*?)<\/section>/.exec(html);
    expect(found, id).not.toBeNull();
    return found![1];
  };
  const expectNoted = async (f: SupersededFinding) => {
    const html = await section(f.resourceId);
    expect(plain(html), f.resourceId).not.toContain('No modernisation rule fires');
    const note = new RegExp(`<p class="note superseded" data-modernise-rule="${f.rule}" data-superseded-by="([^"]*)" data-monthly-cost="([^"]*)" data-monthly-saving="([^"]*)">([^]*?)</p>`).exec(html);
    expect(note, f.resourceId).not.toBeNull();
    expect([note![1], note![2], note![3]], f.resourceId).toEqual([f.supersededBy.command, f.monthlyCost, f.monthlySaving]);
    const move = `${f.current} → ${f.target ?? 'delete'}${f.platformChange ? ' (platform change: arm64)' : ''}`;
    expect(plain(note![4]), f.resourceId).toBe(`A modernisation finding (${f.rule}: ${move}, saving ${usd(f.monthlySaving!)} a month) is left out: ${f.note}.`);
  };

  beforeAll(async () => {
    const demo = await demoApp();
    app = demo.app;
    report = JSON.parse(await cli(demo.db, 'modernise', '--format', 'json', '--config', demo.configPath));
  }, 600_000);
  afterAll(() => app?.close());

  it('the unattached gp2 volume: gp2 → gp3, saving $5.00 a month, left out as idle\'s ebs-unattached (also ebs-low-iops), with modernise\'s note and figures', async () => {
    expect(report.asOf).toBe('2026-11-15');
    expect(report.findings.some((f) => f.resourceId === VOLUME)).toBe(false);
    const volume = report.supersededByIdle.find((f) => f.resourceId === VOLUME)!;
    expect([volume.rule, volume.current, volume.target, volume.monthlySaving, volume.note])
      .toEqual(['ebs-gp2-to-gp3', 'gp2', 'gp3', '5.00', 'the resource is idle (ebs-unattached, also ebs-low-iops): snapshot the volume, then delete it; see costlens idle']);
    await expectNoted(volume);
    expect(plain(await section(VOLUME))).toContain('A modernisation finding (ebs-gp2-to-gp3: gp2 → gp3, saving $5.00 a month) is left out: '
      + 'the resource is idle (ebs-unattached, also ebs-low-iops): snapshot the volume, then delete it; see costlens idle.');
  });

  it('an instance rightsizing resizes: its Graviton twin left out with rightsizing\'s note and modernise\'s figures', async () => {
    const resized = report.supersededByRightsizing[0];
    expect(resized.supersededBy.command).toBe('rightsize');
    expect(report.findings.some((f) => f.resourceId === resized.resourceId)).toBe(false);
    await expectNoted(resized);
  });

  it('a resource modernise keeps still shows its finding in the table, with no note', async () => {
    const kept = report.findings.find((f) => f.kind === 'ebs-volume' || f.rule === 'ebs-gp2-to-gp3')!;
    const html = await section(kept.resourceId);
    expect(html).toContain(`<tr data-modernise-rule="${kept.rule}">`);
    expect(html).toContain(`<td data-value="${kept.monthlyCost}">${usd(kept.monthlyCost)}</td>`);
    expect(html).not.toContain('class="note superseded"');
  });
});
