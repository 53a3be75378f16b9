/**
 * `costlens explain` over days beside a delivery that has ended (src/analyze/ended-comparison.ts, the weekly
 * e-mail's rule): the real 2018 CUR of account 836060457634 cut after 13 Nov 2018 beside the FOCUS sample moved
 * back to Nov 2018 (its data to 30 Nov). 5–11 Nov against 12–18 Nov read `change -$757.68 = volume -$759.14`,
 * the CUR's five missing days read as less usage (AWS Glue "testing" $344.57 → $98.01); the FOCUS export's data
 * covers both weeks, so they are compared without the CUR's lines, +$5.64, as the 2018-W46 e-mail compares them,
 * saying what is left out. Oct against Nov: October holds only the CUR, so the spans are not compared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { type CursBesideFocus, usageBilled, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { cents, usd } from '../helpers/shown-cents-rule.ts';

describe('explain over days beside the CUR cut after 13 Nov 2018 and the FOCUS sample moved to Nov 2018', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  it('5–11 Nov against 12–18 Nov: compared without the CUR\'s lines, $1.30 → $6.94 (+$5.64), naming the $1,071.33 and $308.01 left out; it read -$757.68 of volume', async () => {
    const [before, now, curBefore, curNow] = [await usageBilled(files, '2018-11-05', '2018-11-11', 'focus'), await usageBilled(files, '2018-11-12', '2018-11-18', 'focus'),
      await usageBilled(files, '2018-11-05', '2018-11-11', 'cur'), await usageBilled(files, '2018-11-12', '2018-11-18', 'cur')];
    expect([before, now, curBefore, curNow]).toEqual(['1.3008891012', '6.9355468347', '1071.3319219036', '308.0099639987']);
    const run = await costlens(db, 'explain', '--from', '2018-11-05..2018-11-11', '--to', '2018-11-12..2018-11-18', '--top', '3');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toBe('Usage is compared without the lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018): '
      + `${usd(cents(curBefore))} left out of 5–11 Nov 2018 and ${usd(cents(curNow))} of 12–18 Nov 2018, so that its end does not read as a drop in spend.`);
    expect(lines[1]).toContain('$1,071.33 left out of 5–11 Nov 2018 and $308.01 of 12–18 Nov 2018');
    expect(lines[3]).toMatch(/^\$1\.30 → \$6\.94: change \$5\.64 \(exact 5\.6346577335\) = /);
    expect(cents(now) - cents(before)).toBe(564n);
    expect(run.stdout).not.toContain('AWS Glue');
    // JSON: the exact amounts left out, and the figures compared.
    const json = JSON.parse((await costlens(db, 'explain', '--from', '2018-11-05..2018-11-11', '--to', '2018-11-12..2018-11-18', '--format', 'json')).stdout);
    expect(json.endedLeftOut).toMatchObject({ sources: { old: ['aws/836060457634'], new: ['aws/836060457634'] }, oldCost: curBefore, newCost: curNow });
    expect([json.total.oldCost, json.total.newCost]).toEqual([before, now]);
  });

  it('1–30 Oct against 1–30 Nov: October holds only the CUR\'s data, so the spans are not compared, saying why (it read the CUR\'s end as a drop)', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10-01..2018-10-30', '--to', '2018-11-01..2018-11-30');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('costlens: --from 1–30 Oct 2018 (30 days) and --to 1–30 Nov 2018 (30 days) are not compared: 1–30 Oct 2018 holds the data of aws/836060457634, '
      + 'a delivery that has ended (its data ends on 13 Nov 2018), and the other deliveries\' data begins on 1 Nov 2018, after its first day, so its end would read as a change in spend');
    expect(run.stderr).toContain('hint: compare days up to 2018-11-13 (where its data ends) on both sides');
  });

  it('days up to the CUR\'s end are compared with its lines, as before: 1–6 Nov against 7–12 Nov leaves nothing out', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10-31..2018-11-06', '--to', '2018-11-07..2018-11-13', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.endedLeftOut).toBeUndefined();
    expect(json.total.newCost).toBe(await usageBilled(files, '2018-11-07', '2018-11-13', 'both'));
  });
});
