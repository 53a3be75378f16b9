/**
 * The Overview's month to date beside a delivery that has ended (src/server/features/overview/ended-comparison.ts,
 * the weekly e-mail's rule): the real 2018 CUR of account 836060457634 cut after 13 Nov 2018 beside the FOCUS sample
 * moved back to Nov 2018. As of 30 Nov it read "−$1,747.99 −46.44% on the same days", the 14–30 Nov the CUR never
 * sent, and "Why it changed" listed AWS Glue as volume; October holds only the CUR's data, so usage is not compared,
 * saying why. With the FOCUS sample in October too, both months are compared without the CUR's lines, naming them
 * and what is left out (DuckDB on the files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { curCutBesideFocus2018, focusMovedToOctober2018, usageBilled } from '../helpers/ended-delivery-files.ts';
import { cents, usd } from '../helpers/shown-cents-rule.ts';
import { appOn, page } from './helpers.ts';

const LATER = () => new Date('2026-12-01T09:00:00Z');
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
const kpi = (html: string, id: string) => text(/<p class="figure[^"]*" data-value="[^"]*">([^<]*)<\/p>/.exec(html.slice(html.indexOf(`id="${id}"`)))![1]);
const endedNote = (html: string) => text(/<span id="ended-delivery">([^]*?)<\/span>/.exec(html)![1]);
const CUR = 'aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)';

describe('the Overview beside the CUR cut after 13 Nov 2018 and the FOCUS sample moved to Nov 2018', () => {
  let app: CostlensApp;
  beforeAll(async () => {
    const { cut, focus } = await curCutBesideFocus2018();
    app = appOn(await cachedStore([[REAL_OCT_2018, cut, focus]]), { clock: LATER });
  }, 300_000);
  afterAll(() => app?.close());

  it('as of 30 Nov and 18 Nov: October holds only the CUR\'s data, so usage is not compared, saying why; it read −$1,747.99 (−46.44%) and −$149.11', async () => {
    for (const [asOf, october] of [['', '1–30 Oct 2018'], ['?as_of=2018-11-18', '1–18 Oct 2018']]) {
      const html = await (await page(app, `/${asOf}`)).text();
      const why = `${october} holds the data of ${CUR}, and the other deliveries' data begins on 1 Nov 2018, after its first day, so its end would read as a drop in spend`;
      expect(endedNote(html), asOf).toBe(`Usage is not compared: ${why}.`);
      expect(kpi(html, 'mtd-change'), asOf).toBe('not compared');
      expect(text(/<section[^>]*id="why-it-changed"[^>]*>([^]*?)<\/section>/.exec(html)?.[1] ?? html), asOf).toContain(`No explanation: ${why}.`);
      expect(html, asOf).not.toContain('on the same days</p>');
    }
  });

  it('as of 10 Nov, before the CUR\'s end: compared with its lines, as before', async () => {
    const files = await curCutBesideFocus2018();
    const both = { curs: [REAL_OCT_2018, files.cut], focus: files.focus };
    const [now, before] = [await usageBilled(both, '2018-11-01', '2018-11-10'), await usageBilled(both, '2018-10-01', '2018-10-10')];
    const html = await (await page(app, '/?as_of=2018-11-10')).text();
    expect(html).not.toContain('id="ended-delivery"');
    expect(kpi(html, 'mtd-change')).toBe(usd(cents(now) - cents(before), true));
    expect(kpi(html, 'mtd-change')).toBe('+$487.23');
  });
});

describe('the Overview beside the same CUR and the FOCUS sample in both Oct and Nov 2018', () => {
  let app: CostlensApp;
  let files: { cut: string; focus: string; october: string };
  beforeAll(async () => {
    files = { ...await curCutBesideFocus2018(), october: await focusMovedToOctober2018() };
    app = appOn(await cachedStore([[REAL_OCT_2018, files.cut, files.october, files.focus]]), { clock: LATER });
  }, 300_000);
  afterAll(() => app?.close());

  it('as of 25 Nov: both months compared without the CUR\'s lines ($3,050.80 and $1,993.18 left out), the FOCUS data\'s usage alone', async () => {
    const curs = [REAL_OCT_2018, files.cut];
    const [curOct, curNov, focusOct, focusNov] = [await usageBilled({ curs, focus: files.october }, '2018-10-01', '2018-10-25', 'cur'), await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'cur'),
      await usageBilled({ curs, focus: files.october }, '2018-10-01', '2018-10-25', 'focus'), await usageBilled({ curs, focus: files.focus }, '2018-11-01', '2018-11-25', 'focus')];
    expect([usd(cents(curOct)), usd(cents(curNov))]).toEqual(['$3,050.80', '$1,993.18']);
    const html = await (await page(app, '/?as_of=2018-11-25')).text();
    expect(endedNote(html)).toBe(`Usage is compared without the lines of ${CUR}: ${usd(cents(curOct))} left out of 1–25 Oct 2018 and ${usd(cents(curNov))} of 1–25 Nov 2018, so that its end does not read as a drop in spend.`);
    expect([kpi(html, 'mtd-current'), kpi(html, 'mtd-previous')]).toEqual([usd(cents(focusNov)), usd(cents(focusOct))]);
    expect(kpi(html, 'mtd-change')).toBe(usd(cents(focusNov) - cents(focusOct), true));
  });
});
