/**
 * The weekly report of the shared demo (weekly-emails-fixture.ts delivers the week once for this
 * file): new anomalies as `costlens anomalies` finds them, the savings waiting as `costlens idle`
 * and `rightsize` price them, and the commitments section as `costlens commitments` reads them.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { roundCents } from '../helpers/shown-cents-rule.ts';
import { centsOf, centsRounded, unitsOf, usd } from './helpers.ts';
import { COST_CENTRE, deliveredDemoWeek, SERVICE, signed, tableAfter, USAGE, W } from './weekly-emails-fixture.ts';

/** The days `costlens anomalies --by-day` flags in the report week. */
const FLAGGED = 8;

describe('the weekly report on the demo: what it finds', () => {
  const demo = deliveredDemoWeek();

  describe('new anomalies', () => {
    const { sqlRows } = demo;

    it.concurrent('new anomalies: the events of the week over the noise floor, as costlens anomalies finds them, largest first, with their top drivers; spend from the line items', async ({ expect }) => {
      const { mail, store } = demo;
      // The report examines the week's days, as --days 7 does; an event flagged on its Monday is followed back to its start
      // (search-prod, 28 Oct – 2 Nov), in both.
      const run = await costlens(store.db, 'anomalies', '--as-of', '2026-11-08', '--days', '7', '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { events: Record<string, any>[] };
      const byDay = JSON.parse((await costlens(store.db, 'anomalies', '--as-of', '2026-11-08', '--days', '7', '--by-day', '--format', 'json')).stdout) as Record<string, string>[];
      expect(byDay.length).toBe(FLAGGED);
      const size = (e: Record<string, any>) => Math.abs(Number(e.impact));
      const events = out.events.filter((e) => e.lastDay >= W.start).sort((a, b) => size(b) - size(a));
      // The demo's three events, each ending in the week: search-prod 28 Oct – 2 Nov and 4 Nov, security-tooling 1–6 Nov (tests/server/anomaly-drivers-sum.test.ts).
      expect(events.length).toBe(3);
      const expected = [];
      for (const e of events) {
        const column = e.dimension === 'account' ? 'coalesce(SubAccountId, BillingAccountId)' : SERVICE;
        const [spend] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items
          WHERE ChargePeriodStart >= TIMESTAMP '${e.start}' AND ChargePeriodStart < TIMESTAMP '${e.lastDay}' + INTERVAL 1 DAY AND ${column} = '${e.value}' AND ${USAGE}`);
        expect(e.actual).toBe(spend.v);
        // The impact shown is the difference of the spend and expected shown, each rounded once (a cent from the exact
        // actual − expected rounded alone at times: security-tooling's −$67.23, not −$67.22); the event's impact in cents is
        // that same difference, and its drivers of every level with their rest add up to it.
        const [spendShown, expectedShown] = [roundCents(unitsOf(spend.v)), roundCents(unitsOf(e.expected))];
        const impactCents = spendShown - expectedShown;
        expect(centsOf(e.parts.change), e.id).toBe(impactCents);
        for (const level of ['usageTypes', 'resources', 'regions']) {
          expect([...e.drivers[level], e.rest[level]].reduce((s: bigint, d: { change: string }) => s + centsOf(d.change), 0n), `${e.id} ${level}`).toBe(impactCents);
        }
        const day = (d: string) => `${Number(d.slice(8))} ${d.slice(5, 7) === '10' ? 'Oct' : 'Nov'}`;
        // daySpan's style without the year: one month's days as `1–6 Nov`, across months `28 Oct – 2 Nov`.
        const span = (first: string, last: string) => (first.slice(0, 7) === last.slice(0, 7) ? `${Number(first.slice(8))}–${day(last)}` : `${day(first)} – ${day(last)}`);
        const period = e.end === null ? `${day(e.start)} – ongoing` : e.start === e.end ? day(e.start) : span(e.start, e.end);
        expected.push([e.name ? `${e.name} (${e.value})` : e.value, period, usd(spendShown), usd(expectedShown), signed(impactCents)]);
      }
      for (const m of [mail.finance, mail.engineering]) {
        expect(tableAfter(m.mail.text!, 'New anomalies').rows).toEqual(expected);
        const top = events[0].drivers.resources[0];
        // The resource by the last part of its ARN or path, as the Overview names it.
        expect(m.mail.text!.replace(/\s+/g, ' ')).toContain(`${top.service ? `${top.service}: ` : ''}${top.resource.split(/[:/]/).at(-1)} (${top.usageType}) ${signed(centsOf(top.change))}`);
      }
    });
  });

  describe('savings waiting', () => {
    const { sqlRows, savingsFromClis } = demo;

    it.concurrent('savings waiting: idle and rightsizing findings as of the week\'s end, each resource once, with its owner from its own bill', async ({ expect }) => {
      const { mail } = demo;
      const { best, freed, owners } = await savingsFromClis();
      const total = [...best.values()].reduce((s, x) => s + x.cents, 0n);
      // The demo's four moves onto the commitments' unused hours save no cash: they free 66.23 + 50.46 + 44.68 + 26.70 = 188.07 of commitment, listed
      // apart (each covered cost × 730/720 × (1 − new / old): tests/optimisation/demo.test.ts; over 720 h they freed 185.48).
      const freedTotal = [...freed.values()].reduce((s, x) => s + x.commitment, 0n);
      expect([freed.size, freedTotal, [...freed.values()].every((x) => x.cents === 0n)]).toEqual([4, 18_807n, true]);
      expect(mail.engineering.mail.text!.replace(/\s+/g, ' ')).toContain(`${best.size} finding${best.size === 1 ? '' : 's'} worth ${usd(total)} a month, and 4 free ${usd(freedTotal)} a month`
        + ' of Reserved Instance or Savings Plan commitment instead of cash (not in the total; the last table); the 10 largest:');
      expect(tableAfter(mail.engineering.mail.text!, 'Savings waiting', 2).rows).toEqual([...freed].sort(([a, x], [b, y]) => (x.commitment > y.commitment ? -1 : x.commitment < y.commitment ? 1 : a < b ? -1 : 1))
        .map(([id, x]) => [id, owners.get(id) ?? '(untagged)', x.action, usd(x.commitment)]));
      const top = [...best].sort(([a, x], [b, y]) => (x.cents > y.cents ? -1 : x.cents < y.cents ? 1 : a < b ? -1 : 1)).slice(0, 10);
      const listed = tableAfter(mail.engineering.mail.text!, 'Savings waiting', 1).rows;
      expect(listed).toEqual(top.map(([id, x]) => [id, owners.get(id) ?? '(untagged)', x.action, usd(x.cents)]));
      const byOwner = tableAfter(mail.engineering.mail.text!, 'Savings waiting', 0);
      expect(byOwner.header).toEqual(['Owner', 'Findings', 'Monthly saving']);
      expect(byOwner.rows.reduce((s, r) => s + centsOf(r[2].replace(/[$,]/g, '')), 0n)).toBe(total);
      expect(byOwner.rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(best.size);
    });

    it.concurrent('finance: the savings by cost centre (adding up to the total) and the largest to approve, without the engineering evidence; no links without a public URL', async ({ expect }) => {
      const { mail, store } = demo;
      const { best } = await savingsFromClis();
      // Each resource's cost centre: the cost_center value that carried most of its EffectiveCost over the 30 days before the as-of day.
      const centres = new Map((await sqlRows(store.db, `SELECT ResourceId AS id, arg_max(cc, c) AS cc FROM (
          SELECT ResourceId, ${COST_CENTRE} AS cc, sum(EffectiveCost) AS c FROM line_items
          WHERE ChargePeriodStart >= TIMESTAMP '2026-10-10' AND ChargePeriodStart < TIMESTAMP '${W.end}' AND ResourceId IS NOT NULL AND Tags['cost_center'] IS NOT NULL GROUP BY 1, 2)
        GROUP BY 1`)).map((r) => [r.id!, r.cc!]));
      const centreOf = (id: string) => centres.get(id) ?? '(untagged)';
      const groups = new Map<string, { count: number; cents: bigint }>();
      for (const [id, x] of best) {
        const g = groups.get(centreOf(id)) ?? { count: 0, cents: 0n };
        groups.set(centreOf(id), { count: g.count + 1, cents: g.cents + x.cents });
      }
      const total = [...best.values()].reduce((s, x) => s + x.cents, 0n);
      const text = mail.finance.mail.text!;
      expect(text.replace(/\s+/g, ' ')).toContain(`${best.size} finding${best.size === 1 ? '' : 's'} worth ${usd(total)} a month, and 4 free $188.07 a month of Reserved Instance or Savings Plan commitment`
        + ' instead of cash (not in the total; the last table): by cost centre, then the 10 largest to approve.');
      const byCentre = tableAfter(text, 'Savings waiting', 0);
      expect(byCentre.header).toEqual(['Cost-center', 'Findings', 'Monthly saving']);
      expect(byCentre.rows).toEqual([...groups].sort(([a, x], [b, y]) => (x.cents > y.cents ? -1 : x.cents < y.cents ? 1 : a < b ? -1 : 1))
        .map(([cc, g]) => [cc, String(g.count), usd(g.cents)]));
      expect(byCentre.total).toEqual(['Total', String(best.size), usd(total)]);
      expect(byCentre.rows.reduce((s, r) => s + centsOf(r[2].replace(/[$,]/g, '')), 0n)).toBe(total);
      const top = [...best].sort(([a, x], [b, y]) => (x.cents > y.cents ? -1 : x.cents < y.cents ? 1 : a < b ? -1 : 1)).slice(0, 10);
      const approve = tableAfter(text, 'Savings waiting', 1);
      expect(approve.header).toEqual(['To approve', 'Cost-center', 'Action', 'Monthly saving']);
      expect(approve.rows).toEqual(top.map(([id, x]) => [id, centreOf(id), x.action, usd(x.cents)]));
      // The evidence (metric values, vCPU ratios, thresholds) stays with engineering and the teams.
      const savingsText = (t: string) => t.split('\nSavings waiting\n')[1];
      expect(savingsText(text)).not.toMatch(/vCPU|p99\.5|Evidence|rightsize-downsize:/);
      expect(savingsText(mail.engineering.mail.text!)).toMatch(/rightsize-downsize: p99\.5 CPU [\d.]+ % over 14 days/);
      expect(savingsText(mail['team:payments'].mail.text!)).toMatch(/p99\.5 CPU/);
      for (const m of Object.values(mail)) {
        expect(String(m.mail.html)).not.toContain('<a ');
        expect(m.mail.text).not.toMatch(/https?:\/\//);
      }
    });
  });

  describe('commitments', () => {
    const { sqlRows } = demo;

    /** The commitments section of a plain-text message: its paragraphs joined (lines unwrapped) and its text. */
    const commitmentsText = (text: string) => {
      const [, after] = text.split('\nCommitments\n-----------\n');
      expect(after, 'a Commitments section').toBeDefined();
      return { flat: after.split('\n--\n')[0].replace(/\s+/g, ' '), text };
    };
    /** A decimal string of `costlens commitments` rounded once to cents (half away from zero), as the e-mail prints it. */
    const money = (decimal: string) => {
      const units = unitsOf(decimal);
      const abs = units < 0n ? -units : units;
      const cents = (abs + 50_000_000n) / 100_000_000n;
      return usd(units < 0n ? -cents : cents);
    };
    /** A percentage as the e-mail prints every one, `%` after the figure (it read `88.05 %` beside `82.0%`); – where there is none (Lambda's GB-seconds have no instance hours to cover). */
    const percent = (v: number | null) => (v === null ? '–' : `${v.toFixed(2).replace(/^-/, '−')}%`);
    const shortId = (arn: string) => arn.split(/[/:]/).pop()!;
    type CommitmentsJson = {
      utilisationPercent: number; unusedCost: string; coveragePercent: number; coverageCostPercent: number; effectiveSavingsRate: number;
      reservedInstances: { count: number; utilisationPercent: number }; savingsPlans: { count: number; utilisationPercent: number };
      coverage: { onDemandCost: string }; horizon: string;
      commitments: { arn: string; type: string; utilisationPercent: number; unusedCost: string }[];
      expiring: unknown[];
      groups?: { key: string; coveragePercent: number; onDemandCost: string }[];
      recommendations: { term: string; paymentOption: string; type: string; hourlyCommitment: string; expectedUtilisationPercent: number; monthlySaving: string; rateSource: string }[];
    };
    /** `costlens commitments --period 2026-10` (with `args`), run once per distinct `args`. */
    const commitmentsRuns = new Map<string, ReturnType<typeof costlens>>();
    const commitmentsCli = async (...args: string[]): Promise<CommitmentsJson> => {
      if (!commitmentsRuns.has(args.join(' '))) commitmentsRuns.set(args.join(' '), costlens(demo.store.db, 'commitments', '--period', '2026-10', '--format', 'json', '--config', demo.store.config, ...args));
      const cli = await commitmentsRuns.get(args.join(' '))!;
      expect(cli.code, cli.stderr).toBe(0);
      return JSON.parse(cli.stdout);
    };

    it.concurrent('commitments (finance): October 2026, the last complete billing period up to the week\'s Sunday, as `costlens commitments --period 2026-10` reports it; the invoice net view adds up to the cent', async ({ expect }) => {
      const { mail, store } = demo;
      const c = await commitmentsCli();
      const { flat, text } = commitmentsText(mail.finance.mail.text!);
      expect(flat).toContain(`Billing period 2026-10 (1–31 Oct 2026, the last complete billing period up to 8 Nov 2026): `
        + `${c.reservedInstances.count} Reserved Instance${c.reservedInstances.count === 1 ? '' : 's'} and ${c.savingsPlans.count} Savings Plan${c.savingsPlans.count === 1 ? '' : 's'}, ${percent(c.utilisationPercent)} of their cost used `
        + `(RIs ${percent(c.reservedInstances.utilisationPercent)} of hours, Savings Plans ${percent(c.savingsPlans.utilisationPercent)} of commitment); `
        + `unused commitment ${money(c.unusedCost)}.`);
      expect(flat).toContain(`Coverage ${percent(c.coveragePercent)} of eligible instance hours, ${percent(c.coverageCostPercent)} of on-demand-equivalent cost; `
        + `${money(c.coverage.onDemandCost)} ran on demand that a commitment could have covered. Effective savings rate ${percent(c.effectiveSavingsRate)}.`);
      // The demo's anchors: one RI and one Compute Savings Plan, neither ending within 90 days of the horizon.
      expect([c.reservedInstances.count, c.savingsPlans.count, c.expiring.length, money(c.unusedCost)]).toEqual([1, 1, 0, '$237.07']);
      expect(flat).toContain(`No commitment ends within the expiry windows after 14 Nov 2026, the data horizon.`);

      const commitments = tableAfter(text, 'Commitments', 0);
      expect(commitments.header).toEqual(['Commitment', 'Type', 'Utilisation', 'Unused cost']);
      expect(commitments.rows).toEqual([...c.commitments].sort((a, b) => Number(b.unusedCost) - Number(a.unusedCost))
        .map((x) => [shortId(x.arn), x.type, percent(x.utilisationPercent), money(x.unusedCost)]));

      const cli = await costlens(store.db, 'invoice', '--period', '2026-10', '--format', 'json');
      expect(cli.code, cli.stderr).toBe(0);
      type Amounts = { billedCost: string; amortisedCost: string; netAmortisedCost: string; cents: Record<string, string> };
      const [invoice] = JSON.parse(cli.stdout) as { total: Amounts; classes: (Amounts & { chargeClass: string })[] }[];
      const net = tableAfter(text, 'Commitments', 1);
      expect(net.header).toEqual(['Charge class', 'Billed', 'Amortised', 'Net amortised']);
      // Each class is its exact amount rounded once, as the unused commitment is; the total is the invoice's; a Rounding row holds the cents the classes leave of it.
      const once = (x: Amounts) => [x.billedCost, x.amortisedCost, x.netAmortisedCost].map(centsRounded);
      const totals = [invoice.total.cents.billed, invoice.total.cents.amortised, invoice.total.cents.netAmortised].map(centsOf);
      const rounding = totals.map((t, m) => invoice.classes.reduce((rest, k) => rest - once(k)[m], t));
      expect(net.rows).toEqual([...invoice.classes.map((k) => [k.chargeClass, ...once(k).map(usd)]), ...(rounding.some((r) => r !== 0n) ? [['Rounding', ...rounding.map(usd)]] : [])]);
      expect(net.total).toEqual(['Total', ...totals.map(usd)]);
      expect(net.rows.find((r) => r[0] === 'commitment-fees')![2]).toBe(money(c.unusedCost));
      const [billed] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS b FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01'`);
      expect(net.total![1]).toBe(usd(centsOf(billed.b)));
      for (const column of [1, 2, 3]) expect(usd(net.rows.reduce((n, r) => n + centsOf(r[column].replace(/[$,]/g, '').replace('−', '-')), 0n)), `column ${column}`).toBe(net.total![column]);
      // The HTML keeps each amount whole in a nowrap span (html.ts).
      expect(String((await simpleParser(mail.finance.raw)).html).replaceAll(/<span style="white-space:nowrap;">([^<]*)<\/span>/g, '$1')).toContain(`unused commitment ${money(c.unusedCost)}`);
    });

    it.concurrent('commitments (engineering): coverage gaps by instance family and the purchase advice with its rate source, as `costlens commitments` gives them; teams get no commitments section', async ({ expect }) => {
      const { mail } = demo;
      const c = await commitmentsCli();
      const byFamily = await commitmentsCli('--by', 'family');
      const { flat, text } = commitmentsText(mail.engineering.mail.text!);
      expect(flat).toContain(`unused commitment ${money(c.unusedCost)}.`);
      const families = tableAfter(text, 'Commitments', 1);
      expect(families.header).toEqual(['Instance family', 'Coverage (hours)', 'On demand, could have been covered']);
      expect(families.rows).toEqual([...byFamily.groups!].sort((a, b) => Number(b.onDemandCost) - Number(a.onDemandCost)).slice(0, 5)
        .map((g) => [g.key, percent(g.coveragePercent), money(g.onDemandCost)]));
      expect(c.recommendations.length).toBe(2);
      for (const r of c.recommendations) {
        expect(flat).toContain(`Advice: a ${r.term} ${r.paymentOption} ${r.type} of $${r.hourlyCommitment.replace(/0{7}$/, '')} an hour would have been ${percent(r.expectedUtilisationPercent)} used `
          + `and saved ${money(r.monthlySaving)} a month (rate ${r.rateSource === 'bill' ? 'from the bill' : 'estimated'}).`);
      }
      expect(text).not.toContain('Net amortised');
      expect(mail.finance.mail.text!).not.toContain('Advice: a ');
      expect(mail['team:payments'].mail.text!).not.toContain('\nCommitments\n');
    });
  });
});
