/**
 * The weekly e-mails on a phone (390 × 844) and a small tablet or narrow mail pane (640 × 900):
 * the HTML part of the messages received over SMTP, rendered in Chromium. No horizontal scroll,
 * every money figure inside the screen, one column on the phone, and every section linking to its
 * dashboard page under the configured public URL — a page the server really serves for that link.
 * Screenshots (COSTLENS_TEST_SCREENSHOTS=1) go to tests/artifacts/ (report-email-<who>-<width>.png).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithChromium, launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { cachedWeeklyRun } from '../helpers/cached-weekly-run.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { deliverReports } from '../../src/report/deliver.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { addLedgerTable, demoAttribution, demoConfigs, demoStore, readTruth, settled, startSmtp, type Received, type TestSmtp } from './helpers.ts';

const ARTIFACTS = resolve(__dirname, '../artifacts');
/** A base with a path (a proxy that serves costlens under /finops) and a trailing slash the links must not double. */
const PUBLIC_URL = 'https://costlens.acme.example/finops/';
const BASE = 'https://costlens.acme.example/finops';
const MONEY = /^[−+]?\$[\d,]+\.\d{2}/;
const SCREENS = [{ width: 390, height: 844 }, { width: 640, height: 900 }] as const;
/** The report config: links under PUBLIC_URL, one recipient for finance, engineering and the payments team. */
const REPORT = {
  publicUrl: PUBLIC_URL,
  audiences: { finance: ['finance@acme.example'], engineering: ['platform@acme.example'], teams: { payments: ['payments@acme.example'] } },
};
const WHO = ['finance', 'platform', 'payments'] as const;

/** What a rendered e-mail shows at one screen size. */
interface Shown {
  scrollWidth: number;
  /** Every table cell that holds money: its text and the box of each line of it. */
  money: { text: string; visible: boolean; labelled: boolean; boxes: { left: number; right: number }[] }[];
  /** Every section title and the links under it. */
  sections: { title: string; links: string[] }[];
  /** Table header rows the reader can see. */
  headRowsShown: number;
  /** The amounts kept whole (html.ts) that a line break splits anyway: none. */
  brokenAmounts: string[];
  /** Every table row's name cell (not a total's): the label it shows above it (null when hidden) and its table's first column head. */
  names: { shown: string | null; head: string; section: string }[];
}

async function inspect(page: Page): Promise<Shown> {
  return page.evaluate((moneySource) => {
    const money = new RegExp(moneySource);
    // A cell's figure: what follows its column's label (shown on the phone), amounts in it kept whole by a nowrap span.
    const figure = (td: Element) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const label = td.querySelector(':scope > span.cl-lbl');
      if (label) range.setStartAfter(label);
      return range;
    };
    const plain = (td: Element) => [...td.children].every((c) => c.matches('span.cl-lbl, span[style*="nowrap"]'));
    const cells = [...document.querySelectorAll('td')].filter((td) => plain(td) && money.test(figure(td).toString().trim()));
    return {
      scrollWidth: document.scrollingElement!.scrollWidth,
      brokenAmounts: [...document.querySelectorAll('span[style*="nowrap"]')].filter((s) => s.getClientRects().length > 1).map((s) => s.textContent!),
      money: cells.map((td) => {
        const range = figure(td);
        return {
          text: range.toString(),
          visible: td.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
          labelled: td.querySelector('span.cl-lbl')?.checkVisibility() ?? false,
          boxes: [...range.getClientRects()].map((r) => ({ left: r.left, right: r.right })),
        };
      }),
      sections: [...document.querySelectorAll('h2')].map((h2) => ({
        title: h2.textContent!,
        links: [...h2.parentElement!.querySelectorAll('a')].map((a) => a.getAttribute('href')!),
      })),
      headRowsShown: [...document.querySelectorAll('tr.cl-head')].filter((tr) => tr.checkVisibility()).length,
      names: [...document.querySelectorAll('tr:not(.cl-foot) > td.cl-name')].map((td) => {
        const kind = td.querySelector(':scope > span.cl-kind');
        return {
          shown: kind?.checkVisibility() ? kind.textContent : null,
          head: td.closest('table')!.querySelector('tr.cl-head > th')!.textContent!,
          section: td.closest('td.cl-pad')!.querySelector('h2')!.textContent!,
        };
      }),
    };
  }, MONEY.source);
}

describeWithChromium('the weekly e-mails on a phone and a small screen', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let received: Record<string, Received>;
  let launching: Promise<unknown> | undefined;

  beforeAll(async () => {
    // Chromium starts while the report is sent.
    launching = launchChromium().then((launched) => { browser = launched; });
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      // The messages `runWeeklyReport({ audience: 'all' })` composes on the demo with this config,
      // built once per source (helpers/cached-weekly-run.ts), sent as its `send` sends them.
      const run = await cachedWeeklyRun(demoDir, REPORT);
      await deliverReports(store.db, run.filter((r) => r.recipients.length > 0), { transport, from: 'finops@acme.example', force: false },
        demoConfigs(readTruth(demoDir), REPORT).report.delivery);
    } finally {
      transport.close();
    }
    received = Object.fromEntries((await settled(smtp, 3)).map((m) => [m.to[0].split('@')[0], m]));
    await launching;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await launching?.catch(() => undefined);
    await browser?.close();
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  for (const who of WHO) {
    for (const screen of SCREENS) {
      it(`${who} at ${screen.width} px: no horizontal scroll, every money cell inside the screen, every section linked to its page`, async () => {
        const html = String(received[who].mail.html);
        expect(html).not.toMatch(/<script|<link|<iframe|<form|javascript:|src="https?:/i);
        expect(html).toContain(`@media (max-width: 480px)`);
        const page = await browser.context.newPage();
        await page.setViewportSize(screen);
        const requests: string[] = [];
        page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
        await page.setContent(html, { waitUntil: 'load' });
        await saveScreenshot(page, { path: join(ARTIFACTS, `report-email-${who}-${screen.width}.png`), fullPage: true });
        // What the phone shows first, and the savings section alone (docs/screenshots/ keeps finance's for the README).
        await saveScreenshot(page, { path: join(ARTIFACTS, `report-email-${who}-${screen.width}-screen.png`) });
        const savings = page.locator('td.cl-pad', { has: page.locator('h2', { hasText: 'Savings waiting' }) });
        expect([await savings.count(), await savings.isVisible()], 'one savings section, shown').toEqual([1, true]);
        await saveScreenshot(savings, { path: join(ARTIFACTS, `report-email-${who}-${screen.width}-savings.png`) });
        expect(requests).toEqual([]);
        const shown = await inspect(page);
        await page.close();

        expect(shown.scrollWidth).toBeLessThanOrEqual(screen.width);
        // An amount never breaks inside, in a cell, a paragraph or a driver line ("(gone −" / "$0.88)" at 390 px before).
        expect(shown.brokenAmounts).toEqual([]);
        expect(shown.money.length).toBeGreaterThan(who === 'payments' ? 20 : 100);
        for (const cell of shown.money) {
          expect(cell.visible, cell.text).toBe(true);
          expect(cell.boxes.length, cell.text).toBeGreaterThan(0);
          for (const box of cell.boxes) {
            expect(box.left, cell.text).toBeGreaterThanOrEqual(0);
            expect(box.right, cell.text).toBeLessThanOrEqual(screen.width);
          }
        }
        // On the phone the tables are one column: no header rows, each amount beside its column's label,
        // and each card says what it is above its name (its table's first column head): the accounts
        // under the services of Top movers read as more services before.
        expect(shown.headRowsShown === 0).toBe(screen.width === 390);
        for (const cell of shown.money) expect(cell.labelled, cell.text).toBe(screen.width === 390);
        expect(shown.names.length).toBeGreaterThan(20);
        for (const name of shown.names) expect(name.shown, `${name.section}: ${name.head}`).toBe(screen.width === 390 ? name.head : null);
        expect(new Set(shown.names.filter((n) => n.section === 'Top movers').map((n) => n.shown))).toEqual(new Set(screen.width === 390 ? ['Service', 'Account', ...(who === 'payments' ? [] : ['Team'])] : [null]));
        // Every section (those of today and any added later) ends with its one link; "Why they moved" also links each driver to its page.
        expect(shown.sections.length).toBeGreaterThanOrEqual(who === 'payments' ? 4 : 8);
        for (const section of shown.sections) {
          if (section.title === 'Why they moved') expect(section.links.length, section.title).toBeGreaterThan(1);
          else expect(section.links.length, section.title).toBe(1);
          for (const link of section.links) expect(link, section.title).toMatch(/^https:\/\/costlens\.acme\.example\/finops\/[a-z]*\?[a-z_]+=/);
        }
        expect(shown.sections.some((s) => s.title === 'Why they moved')).toBe(who !== 'payments');
      });
    }
  }

  it('every link opens a page the dashboards serve (200), for the days, tag key and owner of its section', async () => {
    const truth = readTruth(demoDir);
    const app = createApp({ storePath: store.db, config: parseConfig({ attribution: demoAttribution(truth) }), log: () => undefined, clock: () => new Date('2026-11-16T09:00:00Z') });
    const links = new Map<string, string>();
    for (const who of WHO) {
      for (const match of String(received[who].mail.html).matchAll(/<h2[^>]*>([^<]*)<\/h2>[\s\S]*?<a href="([^"]+)"/g)) {
        links.set(`${who}: ${match[1]}`, match[2].replaceAll('&amp;', '&'));
      }
    }
    expect(Object.fromEntries([...links].filter(([k]) => k.startsWith('finance')))).toMatchObject({
      'finance: This week': `${BASE}/explore?dimension=service&start=2026-11-02&end=2026-11-09&cost=billed`,
      'finance: Day by day': `${BASE}/explore?dimension=service&start=2026-10-26&end=2026-11-09&cost=billed`,
      'finance: Month to date: 2026-11': `${BASE}/?as_of=2026-11-08&cost=billed`,
      'finance: Spend by cost centre (cost-center)': `${BASE}/attribution?tag=cost-center&start=2026-11-02&end=2026-11-09&cost=billed`,
      'finance: Top movers': `${BASE}/explore?dimension=service&start=2026-10-26&end=2026-11-09&cost=billed`,
      'finance: New anomalies': `${BASE}/?as_of=2026-11-08&cost=billed#anomaly-events`,
      'finance: Untagged spend and cost-center tag coverage': `${BASE}/attribution?tag=cost-center&start=2026-10-05&end=2026-11-09&cost=billed`,
      'finance: Savings waiting': `${BASE}/optimisation?as_of=2026-11-09&owner_key=cost-center`,
    });
    expect(links.get('platform: Spend by team (team)')).toBe(`${BASE}/attribution?tag=team&start=2026-11-02&end=2026-11-09&cost=billed`);
    expect(links.get('platform: Savings waiting')).toBe(`${BASE}/optimisation?as_of=2026-11-09&owner_key=team`);
    expect(links.get('platform: Efficiency KPIs')).toBe(`${BASE}/kpi?by=team&months=3`);
    expect(links.get('payments: Savings waiting')).toBe(`${BASE}/optimisation?as_of=2026-11-09&owner_key=team&owner=payments`);
    expect(links.size).toBeGreaterThanOrEqual(8 + 8 + 4);
    try {
      // Sections of several e-mails share a link: each address is opened once.
      const statuses = new Map<string, number>();
      for (const [where, link] of links) {
        if (!statuses.has(link)) statuses.set(link, (await app.request(link.slice(BASE.length), { headers: { accept: 'text/html' } })).status);
        expect(statuses.get(link), `${where} → ${link}`).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
