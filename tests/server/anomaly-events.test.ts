import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStoreOfFolder } from '../helpers/cached-text-store.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { A, C, EC2, writeEventFixture } from '../trends/event-fixture.ts';
import { appOn, page } from './helpers.ts';

/** The Overview's anomaly events on the hand-built store of tests/trends/event-fixture.ts (as of its last day, 2026-04-04). */
describe('the Overview lists the anomaly events with their drivers', () => {
  const dir = scratchDir();
  /** The event fixture's store, ingested once per machine (tests/helpers/cached-text-store.ts): only read. */
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await cachedStoreOfFolder((folder) => writeEventFixture(folder));
    app = appOn(db, { clock: () => new Date('2026-04-06T12:00:00Z') });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const section = async (path: string) => {
    const response = await page(app, path);
    expect(response.status).toBe(200);
    const body = await response.text();
    const start = body.indexOf('<section class="top-table" id="anomaly-events">');
    expect(start, 'the anomaly events section').toBeGreaterThan(0);
    return body.slice(start, body.indexOf('</section>', start));
  };

  it('the events of the 14 days to as-of (provisional days left out), each with its impact and its top drivers linking to the resource', async () => {
    const html = await section('/?as_of=2026-04-04');
    expect([...html.matchAll(/data-event="([^"]+)"/g)].map((m) => m[1])).toEqual([
      `service:${EC2}:2026-03-30`, `account:${A}:2026-03-30`, 'service:AmazonCloudWatch:2026-03-31', `account:${C}:2026-03-31`,
    ]);
    // The examined days without 28 trailing days of data are named as not judged, as costlens anomalies names them.
    expect(html).toContain('4 events from 22 Mar to 1 Apr 2026, each explained by its drivers. An ongoing event is still flagged on 1 Apr 2026.'
      + ' Not judged: 22–28 Mar 2026 (fewer than 28 trailing days of billing data). 2–4 Apr 2026 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays). 2 smaller events under the noise floor are left out.');
    const ec2 = html.slice(html.indexOf(`data-event="service:${EC2}:2026-03-30"`), html.indexOf(`data-event="account:${A}:2026-03-30"`));
    expect(ec2).toContain('30 Mar 2026 – ongoing');
    expect(ec2).toContain('<td data-value="69.9899999976">+$69.99</td>');
    expect(ec2).toContain('<td data-value="147.4500000024">$147.45</td>');
    expect([...ec2.matchAll(/<li data-change="([^"]+)">(.*?)<\/li>/gs)].map((m) => [m[1], m[2].replace(/\s+/g, ' ')])).toEqual([
      // Each link opens the resource over the days its change compares: the earliest median day to the event's last.
      // Each amount in a span.amount, which app.css keeps on one line ("−" never at a line's end, "$5.61" on the next).
      ['51.30', '<a href="/resource?id=i-web&amp;start=2026-03-15&amp;end=2026-04-02" title="i-web">i-web</a> (DataTransfer-Out-Bytes) <span class="amount">+$51.30</span> (volume <span class="amount">+$51.30</span>)'],
      ['12.24', '<a href="/resource?id=i-new&amp;start=2026-03-15&amp;end=2026-04-02" title="i-new">i-new</a> (BoxUsage:c5.xlarge) <span class="amount">+$12.24</span> (new <span class="amount">+$12.24</span>)'],
      ['7.20', '<a href="/resource?id=i-web&amp;start=2026-03-15&amp;end=2026-04-02" title="i-web">i-web</a> (BoxUsage:m5.large) <span class="amount">+$7.20</span> (rate <span class="amount">+$7.20</span>)'],
    ]);
    // The account event names the service of each driver.
    expect(html).toContain(`${EC2}: <a href="/resource?id=i-web&amp;start=2026-03-15&amp;end=2026-04-02" title="i-web">i-web</a> (DataTransfer-Out-Bytes) <span class="amount">+$51.30</span>`);
  });

  it('an as-of day before any judged day shows no event and claims none: its days were not judged, and why (costlens anomalies\' reason)', async () => {
    const html = await section('/?as_of=2026-03-20');
    // It said "No anomaly event from 7 Mar 2026 to 20 Mar 2026 at or above the noise floor." of days never judged.
    expect(html).not.toContain('No anomaly event');
    expect(html).toContain('No day of 7–20 Mar 2026 was judged for anomalies: fewer than 28 trailing days of billing data.');
    const cli = await costlens(db, 'anomalies', '--as-of', '2026-03-20');
    expect(cli.stdout).toContain('Not judged: 7–20 Mar 2026 (fewer than 28 trailing days of billing data).');
  });

  it('as of 29 Mar, the first day with 28 trailing days of data: "no anomaly event" of that day alone, the 13 days before named as not judged', async () => {
    const html = await section('/?as_of=2026-03-29');
    expect(html).toContain('No anomaly event at or above the noise floor on 29 Mar 2026, the one day judged. Not judged: 16–28 Mar 2026 (fewer than 28 trailing days of billing data).');
  });
});

describe('the Overview of the real legacy CUR (1–13 Nov 2023): no day has 28 trailing days of data', () => {
  it('says its days were not judged and why, as costlens anomalies does, and claims no "no anomaly"', async () => {
    const db = await cachedStore([[REAL_LEGACY_CSV]]);
    const cli = await costlens(db, 'anomalies');
    expect(cli.stdout).toContain('Not judged: 1–10 Nov 2023 (fewer than 28 trailing days of billing data).');
    const body = await (await page(appOn(db, { clock: () => new Date('2023-11-20T12:00:00Z') }), '/')).text();
    const paragraph = /id="anomaly-days">([^<]*)</.exec(body)![1];
    // It said "No anomaly event from 1 Nov 2023 to 10 Nov 2023 at or above the noise floor."
    expect(paragraph).toBe('No day of 1–10 Nov 2023 was judged for anomalies: fewer than 28 trailing days of billing data.'
      + ' 11–13 Nov 2023 are not judged yet, treated as provisional: costlens counts them back from the data horizon (anomalies.provisionalDays).');
  });
});

describe('the Overview of the real October and November 2018 CUR as of 2 Nov 2018: its first days have no 28 trailing days of data', () => {
  it('"no anomaly event" of the days judged, named as a span (it read "the 5 days judged from 29 Oct 2018 to 2 Nov 2018")', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const app = appOn(db, { clock: () => new Date('2018-12-10T12:00:00Z') });
    try {
      const body = await (await page(app, '/?as_of=2018-11-02')).text();
      expect(/id="anomaly-days">([^<]*)</.exec(body)![1]).toBe('No anomaly event at or above the noise floor on the 5 days judged, 29 Oct – 2 Nov 2018.'
        + ' Not judged: 20–28 Oct 2018 (fewer than 28 trailing days of billing data).');
    } finally {
      app.close();
    }
  }, 600_000);
});
