/**
 * The weekly e-mails' budgets section, sent through a real SMTP server on loopback: finance and
 * engineering carry every budget as of the report week's last day (8 Nov 2026 for 2026-W45 on the
 * demo) — actual, amount, share, forecast and thresholds crossed — with the actual checked
 * against DuckDB on the store and the link to the Overview's budget card; team e-mails carry
 * none; on a 390 px phone the section fits the screen.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { thresholdText } from '../../src/analyze/budgets/index.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport } from '../../src/report/weekly.ts';
import { createApp } from '../../src/server/app.ts';
import { describeWithChromium, launchChromium } from '../helpers/browser.ts';
import { sqlRows } from '../helpers/cli.ts';
import { addLedgerTable, demoConfigs, demoStore, readTruth, settled, startSmtp, usd, type Received, type TestSmtp } from './helpers.ts';
import { textRow } from './text-tables.ts';

const PUBLIC_URL = 'https://costlens.acme.example';

describe('the budgets section of the weekly e-mails', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };
  let smtp: TestSmtp;
  let received: Record<string, Received>;
  const { budgets } = parseConfig({ budgets: [{ name: 'payments-prod', amount: 3000, scope: { accounts: ['730604943011'] }, thresholds: [{ percent: 25 }, { percent: 90 }] }] });

  beforeAll(async () => {
    store = await demoStore(demoDir);
    await addLedgerTable(store.db);
    smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      await runWeeklyReport({
        storePath: store.db,
        configs: { ...demoConfigs(readTruth(demoDir), { publicUrl: PUBLIC_URL, audiences: { finance: ['finance@acme.example'], engineering: ['platform@acme.example'], teams: { payments: ['payments@acme.example'] } } }), budgets },
        catalogue: loadInstanceCatalogue(), audience: 'all', send: { transport, from: 'finops@acme.example', force: false },
      });
    } finally {
      transport.close();
    }
    received = Object.fromEntries((await settled(smtp, 3)).map((m) => [m.to[0].split('@')[0], m]));
  }, 300_000);
  afterAll(async () => {
    await smtp?.close();
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('finance and engineering show the budget as of 8 Nov 2026, its actual as DuckDB sums it, and link to the Overview; the team e-mail has no section', async () => {
    const [{ actual, first25, crossed90 }] = await sqlRows(store.db, `SELECT CAST(round(sum(c), 2) AS VARCHAR) AS actual,
        strftime(min(CASE WHEN running >= 750 THEN day END), '%-d %b %Y') AS first25, max(running) >= 2700 AS crossed90 FROM (
          SELECT day, c, sum(c) OVER (ORDER BY day) AS running FROM (
            SELECT CASE WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY THEN DATE '2026-11-08' ELSE CAST(ChargePeriodStart AS DATE) END AS day,
              sum(BilledCost) AS c FROM line_items
            WHERE SubAccountId = '730604943011' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-09' GROUP BY 1))`);
    const cents = BigInt(actual!.replace('.', ''));
    const share = (Number(cents) / 3000).toFixed(1);
    for (const who of ['finance', 'platform']) {
      const text = received[who].mail.text!;
      const section = text.slice(text.indexOf('BUDGETS') >= 0 ? text.indexOf('BUDGETS') : text.indexOf('Budgets'));
      expect(section, who).toContain('1 of 1 budget crossed a threshold as of 8 Nov 2026: payments-prod.');
      const row = textRow(section, 'payments-prod (2026-11, 8 of 30 days)')!;
      expect(row.slice(0, 4)).toEqual(['payments-prod (2026-11, 8 of 30 days)', usd(cents), '$3,000.00', `${share}%`]);
      // The thresholds crossed in the Overview card's words (it wrote "25 % actual since 2026-11-03"); 90 % (2,700.00) is not crossed.
      expect(crossed90).toBe('false');
      expect(row.at(-1)).toBe(`25% actual since ${first25}`);
      expect(String(received[who].mail.html).replace(/<[^>]+>/g, '')).toContain(`25% actual since ${first25}`);
      // The Overview's card as of the section's day (it linked to the card of the data horizon, 14 Nov: other figures).
      expect(text).toContain(`${PUBLIC_URL}/?as_of=2026-11-08#budget-status`);
      expect(String(received[who].mail.html)).toContain(`href="${PUBLIC_URL}/?as_of=2026-11-08#budget-status"`);
    }
    expect(received.payments.mail.text).not.toContain('#budget-status');
  });

  it('the link opens the Overview\'s budget card as of 8 Nov 2026, with the e-mail\'s actual and share', async () => {
    const link = /\n(https:\/\/costlens\.acme\.example\/[^\n]*#budget-status)\n/.exec(received.finance.mail.text!)![1];
    const shown = textRow(received.finance.mail.text!, 'payments-prod (2026-11, 8 of 30 days)')!;
    const app = createApp({ storePath: store.db, config: { ...parseConfig({}), budgets }, log: () => undefined, clock: () => new Date('2026-11-16T09:00:00Z') });
    try {
      const page = await (await app.request(link.slice(PUBLIC_URL.length), { headers: { accept: 'text/html' } })).text();
      const card = /id="budget-status">([^]*?)<\/section>/.exec(page)![1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(card).toContain('Budgets, as of 8 Nov 2026');
      expect(card).toContain(`payments-prod 2026-11, 8 of 30 days`);
      for (const figure of shown.slice(1, 4)) expect(card).toContain(figure);
    } finally {
      await app.close();
    }
  });

  describeWithChromium('in a browser', () => {
    it('on a 390 px phone the budgets section fits the screen: no sideways scroll, every amount inside it', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width: 390, height: 844 });
        await page.setContent(String(received.finance.mail.html), { waitUntil: 'load' });
        const fit = await page.evaluate(() => {
          const cells = [...document.querySelectorAll('td')].filter((td) => td.querySelector('td') === null && /\$3,000\.00/.test(td.textContent ?? ''));
          return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, cells: cells.length, outside: cells.filter((td) => td.getBoundingClientRect().right > window.innerWidth).length };
        });
        expect(fit).toEqual({ overflow: 0, cells: 1, outside: 0 });
      } finally {
        await browser.close();
      }
    }, 120_000);
  });
});

describe('a threshold in the e-mail\'s Budgets section, in the Overview card\'s words', () => {
  const threshold = (percent: number, basis: 'actual' | 'forecast', crossed: boolean | null, since: string | null) =>
    ({ id: `${basis}:${percent}`, percent, basis, amount: 0n, crossed, since });

  it('`25% actual since 3 Nov 2026` (the percent as the Share column writes one, the day as the pages do), `90% actual` not crossed, `100% forecast not judged`', () => {
    // It wrote `25 % actual since 2026-11-03`, as `costlens budgets` writes its own crossed column (`actual:25 since 2026-11-03`).
    expect(thresholdText(threshold(25, 'actual', true, '2026-11-03'))).toBe('25% actual since 3 Nov 2026');
    expect(thresholdText(threshold(90, 'actual', false, null))).toBe('90% actual');
    expect(thresholdText(threshold(100, 'forecast', null, null))).toBe('100% forecast not judged');
    expect(thresholdText(threshold(87.5, 'forecast', true, '2026-12-01'))).toBe('87.5% forecast since 1 Dec 2026');
  });
});
