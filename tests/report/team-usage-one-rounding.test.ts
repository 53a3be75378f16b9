/**
 * A team's usage reads the same in its own weekly e-mail and in the engineering e-mail's "Spend by
 * team": one rounding (src/report/team-cents.ts, the teams × {usage, fees} table rounded as a whole)
 * serves both. Before, the team e-mail split its own total (its row of every charge split over the
 * teams) while engineering split the week's usage over the teams, so 7 of the demo's 99 team-weeks
 * read a cent apart: platform's usage of 2026-W37 (exact 823.7539858931) read $823.75 in its e-mail
 * and $823.76 in engineering's. Every table still adds up: the team rows to the week's usage, a
 * team's usage and fees to its total; and every figure is within a cent of its exact amount, by
 * SQL on the line items.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { sharingReads } from '../../src/engine/shared-reads.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';
import { USAGE_LINE, centsOf, demoConfigs, largestRemainder, readTruth, unitsOf, usd, type DemoTruth } from './helpers.ts';
import { textRow as tableRow } from './text-tables.ts';

const WEEKS = Array.from({ length: 11 }, (_, i) => `2026-W${36 + i}`);
const UNITS_PER_CENT = 10n ** 8n;

/** A line's team as attribution reads the demo's tags (value aliases, case and spaces folded). */
function teamOf(truth: DemoTruth): string {
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) => [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
  return `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
}

/** Shown cents are the floor or the ceiling of the exact 1e-10 units. */
function withinACent(shown: bigint, exactUnits: bigint): boolean {
  const diff = shown * UNITS_PER_CENT - exactUnits;
  return (diff < 0n ? -diff : diff) < UNITS_PER_CENT;
}

/** The cells of the text part's first table row whose first cell is `label`, after `after` (text-tables.ts). */
function textRow(text: string, label: string, after = ''): string[] | undefined {
  return tableRow(text, label, after);
}

describe('a team\'s usage reads the same in its e-mail and in engineering\'s spend by team', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let teams: string[];
  /** The shared demo's bill alone (cur2; the cached store, only read): every figure here is of its line items. */
  let db: string;
  const built = new Map<string, WeeklyReport[]>();

  beforeAll(async () => {
    truth = readTruth(demoDir);
    teams = Object.keys(truth.tagging.teamAliases).sort();
    db = await cachedDemoStore(demoDir, ['cur2']);
    const configs = demoConfigs(truth);
    const catalogue = loadInstanceCatalogue();
    await withEngine(db, async (engine) => {
      // One memo for the 11 builds, as one report run shares it between its analysers: the store does
      // not change, and the weeks' histories overlap (a report reads the 4 weeks before its own too).
      const memo = sharingReads(engine);
      for (const label of WEEKS) {
        const { reports } = await buildWeeklyReports(memo, configs, catalogue, {
          week: parseIsoWeek(label), audiences: [{ kind: 'engineering' }, ...teams.map((team) => ({ kind: 'team' as const, team }))],
        });
        built.set(label, reports);
      }
    });
    exact = await exactByWeekAndTeam();
  }, 600_000);

  type Measure = 'BilledCost' | 'EffectiveCost';
  /** Per week, measure and team: the exact 1e-10 units of the week's usage and of every charge, by SQL (one statement for every week). */
  let exact: Map<string, Map<string, { usage: bigint; all: bigint }>>;
  const exactByWeekAndTeam = async () => {
    const weeks = WEEKS.map((label) => {
      const week = parseIsoWeek(label);
      return `('${label}', TIMESTAMP '${week.start}', TIMESTAMP '${week.end}')`;
    });
    const sums = (measure: Measure) => `'${measure}' AS measure, CAST(sum(${measure}) AS VARCHAR) AS every_charge,
        CAST(coalesce(sum(CASE WHEN ${USAGE_LINE} THEN ${measure} END), 0) AS VARCHAR) AS usage`;
    const perMeasure = (measure: Measure) => `SELECT w.label, ${teamOf(truth)} AS team, ${sums(measure)}
      FROM line_items JOIN (VALUES ${weeks.join(', ')}) AS w(label, week_start, week_end)
        ON ChargePeriodStart >= w.week_start AND ChargePeriodStart < w.week_end GROUP BY 1, 2`;
    const rows = await sqlRows(db, `${perMeasure('BilledCost')} UNION ALL ${perMeasure('EffectiveCost')}`);
    const byKey = new Map<string, Map<string, { usage: bigint; all: bigint }>>();
    for (const r of rows) {
      const key = `${r.label} ${r.measure}`;
      if (!byKey.has(key)) byKey.set(key, new Map());
      byKey.get(key)!.set(r.team!, { usage: unitsOf(r.usage), all: unitsOf(r.every_charge) });
    }
    return byKey;
  };
  const exactByTeam = (label: string, measure: Measure) => exact.get(`${label} ${measure}`) ?? new Map<string, { usage: bigint; all: bigint }>();

  it('2026-W37: platform\'s usage is $823.76 (exact 823.7539858931, the largest-remainder split of the week\'s usage) in both e-mails, its fees $0.00 and its total $823.76', async () => {
    const w37 = exactByTeam('2026-W37', 'BilledCost');
    expect(w37.get('platform')).toEqual({ usage: 8237539858931n, all: 8237539858931n });
    const [total] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2026-09-07' AND ChargePeriodStart < TIMESTAMP '2026-09-14' AND ${USAGE_LINE}`);
    const split = largestRemainder(new Map([...w37].map(([team, e]) => [team, e.usage])), centsOf(total.v));
    expect(split.get('platform')).toBe(82376n);

    const [engineering, ...teamReports] = built.get('2026-W37')!;
    const platform = teamReports.find((r) => r.team === 'platform')!;
    expect(engineering.split.rows.find((r) => r.value === 'platform')!.current).toBe(82376n);
    const fees = platform.classes!.find((c) => c.chargeClass === 'posted')!;
    expect([platform.usage!.billed.current, fees.current.billed, platform.totals.billed.current]).toEqual([82376n, 0n, 82376n]);

    const engineeringText = renderText(layoutReport(engineering, '[costlens]'));
    const teamText = renderText(layoutReport(platform, '[costlens]'));
    expect(textRow(engineeringText, 'platform', 'Spend by team (team)')?.[1]).toBe(usd(82376n));
    expect(textRow(teamText, 'Usage (BilledCost)')?.[1]).toBe(usd(82376n));
    expect(textRow(teamText, 'Total BilledCost')?.[1]).toBe(usd(82376n));
  });

  it('every team-week of the demo (2026-W36 to W46, 9 teams): its e-mail\'s usage this week, last week and in EffectiveCost is its engineering row', () => {
    const apart: string[] = [];
    for (const label of WEEKS) {
      const [engineering, ...teamReports] = built.get(label)!;
      for (const report of teamReports) {
        const row = engineering.split.rows.find((r) => r.value === report.team);
        const mine = [report.usage!.billed.current, report.usage!.billed.previous, report.usage!.effective.current];
        const theirs = [row?.current ?? 0n, row?.previous ?? 0n, row?.effective ?? 0n];
        if (mine.some((x, i) => x !== theirs[i])) apart.push(`${label} ${report.team}: ${mine.join('/')} against ${theirs.join('/')}`);
      }
    }
    expect(teamsChecked()).toBe(99);
    expect(apart).toEqual([]);
  });

  it('every team-week: usage and fees add up to the total shown, each figure within a cent of its exact amount; the team rows add up to the week\'s usage', async () => {
    for (const label of WEEKS) {
      const [engineering, ...teamReports] = built.get(label)!;
      for (const [measure, pick] of [['BilledCost', 'billed'], ['EffectiveCost', 'effective']] as const) {
        const exactOfWeek = exactByTeam(label, measure);
        for (const report of teamReports) {
          const e = exactOfWeek.get(report.team!) ?? { usage: 0n, all: 0n };
          const usage = report.usage![pick].current;
          const fees = report.classes!.find((c) => c.chargeClass === 'posted')!.current[pick];
          const total = report.totals[pick].current;
          const where = `${label} ${report.team} ${measure}`;
          expect(usage + fees, where).toBe(total);
          expect([withinACent(usage, e.usage), withinACent(fees, e.all - e.usage), withinACent(total, e.all)], where).toEqual([true, true, true]);
          expect(report.split.rows.reduce((s, r) => s + r.current, 0n), where).toBe(report.usage!.billed.current);
        }
      }
      expect(engineering.split.rows.reduce((s, r) => s + r.current, 0n), label).toBe(engineering.usage!.billed.current);
    }
  });

  const teamsChecked = () => WEEKS.reduce((n, label) => n + built.get(label)!.length - 1, 0);
});
