/**
 * The e-mails as a reader sees them: the HTML part of messages received over SMTP, rendered in
 * Chromium (screenshots in tests/artifacts/ with COSTLENS_TEST_SCREENSHOTS=1), with its charts drawn with legible text, no
 * external resource, nothing wider than the mail column, and the same figures as the plain text.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithChromium, launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { addLedgerTable, demoConfigs, demoStore, readTruth, settled, startSmtp, type Received, type TestSmtp } from './helpers.ts';

const ARTIFACTS = resolve(__dirname, '../artifacts');
const FIGURE = /[−+]?\$[\d,]+\.\d{2}|[−+]?\d+\.\d%/g;

describeWithChromium('the weekly e-mails in Chromium', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string; config: string };
  let smtp: TestSmtp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let received: Record<string, Received>;

  beforeAll(async () => {
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      await runWeeklyReport({
        storePath: store.db,
        configs: demoConfigs(readTruth(demoDir), { audiences: { finance: ['finance@acme.example'], engineering: ['platform@acme.example'], teams: { payments: ['payments@acme.example'] } } }),
        catalogue: loadInstanceCatalogue(), audience: 'all', send: { transport, from: 'finops@acme.example', force: false },
      });
    } finally {
      transport.close();
    }
    received = Object.fromEntries((await settled(smtp, 3)).map((m) => [m.to[0].split('@')[0], m]));
    browser = await launchChromium({ viewport: { width: 700, height: 900 } });
    context = browser.context;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  for (const [who, charts] of [['finance', 3], ['platform', 3], ['payments', 1]] as const) {
    it(`${who}: renders without scripts or remote requests, charts drawn with text, as wide as the mail column, the same figures as the plain text`, async () => {
      const mail = received[who].mail;
      const html = String(mail.html);
      expect(html).not.toMatch(/<script|<link|<iframe|<form|javascript:|https?:\/\//i);
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
      await page.setContent(html, { waitUntil: 'load' });
      await saveScreenshot(page, { path: join(ARTIFACTS, `report-weekly-${who}.png`), fullPage: true });
      expect(requests).toEqual([]);

      const images = await page.$$eval('img', (imgs) => imgs.map((img) => {
        const image = img as HTMLImageElement;
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const g = canvas.getContext('2d')!;
        g.drawImage(image, 0, 0);
        // The chart title is text: count dark pixels in the top band where vega draws it.
        const band = g.getImageData(0, 0, canvas.width, Math.round(canvas.height * 0.12)).data;
        let dark = 0;
        for (let i = 0; i < band.length; i += 4) if (band[i] < 90 && band[i + 1] < 90 && band[i + 2] < 90) dark++;
        return { loaded: image.complete && image.naturalWidth > 0, shown: image.getBoundingClientRect().width, alt: image.alt, dark };
      }));
      expect(images.length).toBe(charts);
      for (const image of images) {
        expect(image.loaded, image.alt).toBe(true);
        expect(image.shown, image.alt).toBeLessThanOrEqual(600);
        expect(image.dark, `${image.alt}: title text drawn`).toBeGreaterThan(400);
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(700);

      const shown = (await page.innerText('body')).match(FIGURE)!;
      const text = mail.text!.match(FIGURE)!;
      expect(shown.length).toBeGreaterThan(40);
      expect([...shown].sort()).toEqual([...text].sort());
      await page.close();
    });
  }
});
