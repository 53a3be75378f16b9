/**
 * The Optimisation page on the real 2018 CUR, the bill alone (no metrics, no inventory, no owner
 * tag): what `costlens idle` finds from the bill; the modernisation section shows what `costlens
 * modernise --as-of` finds for the page's as-of day, figure for figure; an as-of day after the bill
 * gives a note instead of an error, unless idle's rules would look back on no day of the bill (the
 * page refuses it, as `costlens idle --as-of` does). The note quoted `--as-of` with the page's day,
 * which modernise refuses; it now quotes the nearest day modernise takes, and every command the
 * section quotes runs. The page names the instances rightsizing could not judge on this store of
 * the bill alone (no metrics), as `costlens rightsize` names them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { text, units } from '../server/exact-units.ts';
import { appOn, page } from '../server/helpers.ts';
import { printedNotes, shownNotes } from '../server/optimisation-notes.ts';
import { cli as cliOut, figure, tableRows, textOf } from '../server/page-helpers.ts';
import { billedInstancesBySql } from '../helpers/billed-instances-sql.ts';

describe('the Optimisation page on the real 2018 CUR, the bill alone: idle\'s findings, the modernisation section and what rightsizing could not judge', () => {
  let db: string;
  let app: CostlensApp;
  let cli: ModerniseReport;

  beforeAll(async () => {
    ({ db } = await storeCopy([[REAL_OCT_2018, REAL_NOV_2018]]));
    const run = await costlens(db, 'modernise', '--as-of', '2018-12-01', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    cli = JSON.parse(run.stdout);
    app = appOn(db);
  });
  afterAll(() => app?.close());

  it('lists every finding of `costlens modernise` with its monthly cost and savings, and their totals', async () => {
    const response = await page(app, '/optimisation?as_of=2018-12-01&owner_key=-');
    expect(response.status).toBe(200);
    const html = await response.text();
    const rows = tableRows(html, 'modernisation-findings');
    expect(rows.map((r) => [r[0], r[1], r[6], r[7], r[8]])).toEqual(
      cli.findings.map((f) => [f.resourceId, f.rule, f.monthlyCost, f.monthlySaving ?? '', f.listMonthlySaving ?? '']));
    expect(rows).toHaveLength(33);
    // 23.74 in cash (the gp2 volumes priced over November's 720 h, as AWS bills a GB-month; 314.65 a month in all); the hours reservations covered on two t2 and two c5 instances save 31.83 at list prices once taken up or ended.
    expect(html).toContain('id="modernisation-summary" data-value="23.74"');
    expect(html).toContain('<span id="modernisation-deferred" data-value="31.83">$31.83</span>');
    expect(html).toMatch(/<td data-value="314\.65">[^<]*<\/td>\s*<td data-value="23\.74">\$23\.74<span class="note deferred" data-value="31\.83">\+ \$31\.83 once a commitment is taken up or ends<\/span><\/td><td data-value="55\.57">/);
  });

  it('labels covered_hours as what it is, the hours the lines cover on the day: 24 for an instance no commitment covered (it read "Hours a commitment covered") and for a gp2 volume', async () => {
    // By DuckDB on the Parquet file: on 30 Nov 2018 i-08607d9bc435cb38f has 24 h of on-demand BoxUsage and no DiscountedUsage line; vol-00494730effe0867d only its gp2 storage.
    const lines = await duckdbRows(`SELECT line_item_resource_id AS id, line_item_line_item_type AS type, line_item_usage_type AS usage_type, CAST(sum(line_item_usage_amount) AS VARCHAR) AS amount
      FROM read_parquet($nov) WHERE line_item_resource_id IN ('i-08607d9bc435cb38f', 'vol-00494730effe0867d') AND line_item_usage_start_date >= TIMESTAMP '2018-11-30'
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%EBS:Volume%') GROUP BY ALL ORDER BY ALL`, { nov: REAL_NOV_2018 });
    expect(lines.map((l) => [l.id, l.type, l.usage_type])).toEqual([['i-08607d9bc435cb38f', 'Usage', 'BoxUsage:t2.large'], ['vol-00494730effe0867d', 'Usage', 'EBS:VolumeUsage.gp2']]);
    expect(lines[0].amount).toBe('24.0');
    const html = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-')).text();
    const row = (id: string) => new RegExp(`<tr data-rule="[^"]+" data-resource="${id}">[^]*?</tr>`).exec(html)![0];
    expect(row('i-08607d9bc435cb38f')).toContain('<dt data-key="hoursOnDay">Hours billed on the day</dt><dd>24</dd>');
    for (const id of ['i-08607d9bc435cb38f', 'vol-00494730effe0867d']) expect(row(id), id).toContain('<dt data-key="hoursCovered">Hours its lines cover on the day</dt><dd>24</dd>');
    expect(html).not.toContain('a commitment covered</dt>');
  });

  it('names the free-tier gp2 volume the command leaves out (billed 0.00: the move saves nothing on the bill) in a note, outside the table and its totals', async () => {
    const html = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-')).text();
    expect(cli.nothingToSave.map((f) => f.resourceId)).toEqual(['vol-0092ffd396f37de25']);
    const note = /<p class="note" id="modernisation-nothing-to-save" data-count="1">([\s\S]*?)<\/p>/.exec(html)?.[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    // Said once, money in dollars, the day in the house style (it read '… left out: the move saves nothing on the bill (vol-… ebs-gp2-to-gp3:
    // billed 0.00 on 2018-11-30 (free tier or another zero rate), so the move saves nothing on the bill (0.19 a month at list prices)).').
    expect(note).toBe('Not in this list or its totals: 1 gp2 volume left out, as the move saves nothing on the bill:'
      + ' vol-0092ffd396f37de25 ebs-gp2-to-gp3, billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices).');
    expect(tableRows(html, 'modernisation-findings').map((r) => r[0])).not.toContain('vol-0092ffd396f37de25');
    const resource = await (await page(app, '/resource?id=vol-0092ffd396f37de25&start=2018-11-01&end=2018-12-01')).text();
    expect(resource).toContain('<p class="note nothing-to-save" data-modernise-rule="ebs-gp2-to-gp3" data-monthly-cost="0.00">A modernisation finding (ebs-gp2-to-gp3: gp2 → gp3) is left out,'
      + ' as the move saves nothing on the bill: billed $0.00 on 30 Nov 2018 (free tier or another zero rate; $0.19 a month at list prices).</p>');
  });

  it('an as-of day after the bill whose idle rules still look back on some of it gives a note, and the rest of the page still renders', async () => {
    // 2018-12-05: idle's 7 days are 28 Nov – 4 Dec (28–30 Nov billed); modernise's one day, 4 Dec, is not.
    const response = await page(app, '/optimisation?as_of=2018-12-05&owner_key=-');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(textOf(/<p class="note" id="no-modernisation">([^]*?)<\/p>/.exec(html)![1])).toBe('No modernisation view for this day: modernise looks at the bill of the day before'
      + ' the as-of day, and 4 Dec 2018 is not a complete day of the billing data (1 Oct – 30 Nov 2018); the latest bill it can look at is of 30 Nov 2018:'
      + ' costlens modernise --as-of 2018-12-01 , or this page as of 1 Dec 2018 .');
    expect(html).toContain('<a href="/optimisation?as_of=2018-12-01">this page as of 1 Dec 2018</a>');
    expect(html).toContain('id="findings"');
  });

  it('every `costlens modernise --as-of` the section quotes runs (exit 0): as of the day after the horizon, after it, and near the start of the data', async () => {
    // 2018-12-05 quoted itself, which modernise refuses (its day before, 4 Dec, is past the horizon); now 2018-12-01, the latest day it takes.
    const quoted = new Set<string>();
    for (const [asOf, day] of [['2018-10-02', '2018-10-02'], ['2018-12-01', '2018-12-01'], ['2018-12-05', '2018-12-01']]) {
      const response = await page(app, `/optimisation?as_of=${asOf}&owner_key=-`);
      expect(response.status, asOf).toBe(200);
      const section = /<section class="top-table" id="modernisation"[^]*?<\/section>/.exec(await response.text())![0];
      const days = [...section.matchAll(/--as-of (\S+?)(?=[\s<])/g)].map((m) => m[1]);
      expect(days, asOf).toEqual([day]);
      quoted.add(day);
    }
    for (const day of quoted) {
      const run = day === cli.asOf ? null : await costlens(db, 'modernise', '--as-of', day, '--format', 'csv'); // beforeAll ran cli.asOf's, with exit 0
      expect(run?.code ?? 0, `${day}: ${run?.stderr}`).toBe(0);
    }
    expect([...quoted]).toEqual(['2018-10-02', '2018-12-01']);
  });

  it('an as-of day whose cost window holds some of the bill but whose idle rules look back on none of it is refused with a 400 naming as_of, as `costlens idle` refuses it', async () => {
    // 2018-12-15: its 30 days hold 15–30 Nov, idle's 7 days (8–14 Dec) none; the page said "0 findings" and "No modernisation view".
    const response = await page(app, '/optimisation?as_of=2018-12-15&owner_key=-');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<span class="form-error field-error" id="as_of-error" role="alert">as_of 2018-12-15 is outside the billing data:'
      + ' the 7 days its shortest rule looks back on (8–14 Dec 2018) must hold a complete day from 1 Oct to 30 Nov 2018'
      + ' (give a day from 2018-10-02 to 2018-12-07, or leave as_of out for 2018-12-01 (the data horizon 2018-11-30 is the last day looked at))</span>');
  });

  it('names the EC2 and RDS instances rightsizing could not judge, billed in its 14-day look-back without CPU metrics, in `costlens rightsize`\'s words: 96 and 3, by SQL on the Parquet file', async () => {
    const counts = await billedInstancesBySql(REAL_NOV_2018, '2018-11-17', '2018-12-01');
    expect(counts).toEqual([{ service: 'ec2', instances: '96' }, { service: 'rds', instances: '3' }]);
    const note = `${counts[0].instances} EC2 instances and ${counts[1].instances} RDS instances billed in the look-back have no CPU metrics in the store, so they were not judged:`
      + ' ingest a metrics CSV (costlens ingest metrics.csv; README, &quot;Ingest&quot;) or run costlens pull metrics';
    const html = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-')).text();
    expect(html).toContain(`<p class="note" id="rightsizing-without-cpu" data-ec2="96" data-rds="3">Rightsizing: ${note}.</p>`);
    // Filtered, the note says the filters do not apply to its counts; the modernisation section has no lines without a usage type to name (a CUR has them all).
    const filtered = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-&rule=rightsize-downsize')).text();
    expect(filtered).toContain(`>Rightsizing: ${note} (of all accounts and owners: the filters above do not apply to it).</p>`);
    expect(html).not.toContain('id="modernisation-without-usage-type"');
  });

  it('an as-of day whose cost window holds none of the bill is refused with a 400 naming as_of', async () => {
    const response = await page(app, '/optimisation?as_of=2019-03-01&owner_key=-');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('as_of 2019-03-01 is outside the billing data in the store (1 Oct – 30 Nov 2018)');
  });

  it('shows what `costlens idle` finds from the bill, without a resource link when the bill has no resource id', async () => {
    const response = await page(app, '/optimisation');
    expect(response.headers.get('location')).toBe('/optimisation?as_of=2018-12-01&owner_key=-');
    const html = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-')).text();
    const cliIdle: IdleFinding[] = JSON.parse(await cliOut(db, 'idle', '--format', 'json'));
    expect(cliIdle.map((f) => [f.rule, f.resourceId, f.usageType])).toEqual([['eip-idle-address', null, 'ElasticIP:IdleAddress']]);
    const rows = tableRows(html, 'findings');
    expect(rows.map((r) => [r[0], r[6], r[5], r[4], r[1]])).toEqual([['(no resource id) ElasticIP:IdleAddress', 'eip-idle-address', cliIdle[0].accountId, '–', cliIdle[0].monthlySaving]]);
    expect(html).not.toContain('href="/resource?');
    expect(figure(html, 'optimisation-saving')).toBe(text(units(cliIdle[0].monthlySaving)));
    expect(figure(html, 'optimisation-rightsizing')).toBe('0.00');
    expect(html).toContain('<select name="owner" data-follows="owner_key" disabled>');
  });

  it('its notes of what idle and rightsizing could not judge are the lines `costlens idle` and `costlens rightsize` print under their headings', async () => {
    const html = await (await page(app, '/optimisation?as_of=2018-12-01&owner_key=-')).text();
    const printed = await printedNotes(db);
    expect(printed).toHaveLength(1);
    expect(shownNotes(html)).toEqual(printed);
  });
});
