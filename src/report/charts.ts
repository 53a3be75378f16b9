/**
 * The report's charts: Vega-Lite specs shipped in `src/report/charts/` (kept out of dashboards/,
 * whose every spec the server loads and feeds from a named query), bound to the report's own
 * figures, rendered to SVG on the server with the dashboards' renderer and rasterised to PNG with
 * resvg for e-mail (mail clients do not show SVG). Their money axes follow the dashboards' rule
 * (src/lib/money-axis.ts: no two ticks alike, cents on a small week). Text needs a font: system
 * fonts are loaded, plus any configured font files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { CostlensError, messageOf } from '../errors.ts';
import { renderSvg } from '../lib/chart-svg.ts';
import { withMoneyAxes } from '../lib/money-axis.ts';
import type { ReportConfig } from './config.ts';
import type { CoveragePoint, WeeklyReport } from './model.ts';
import { packagePath } from '../lib/package-root.ts';
import { ascending, descending } from '../lib/order.ts';
import { shortDay } from '../lib/calendar.ts';
import { formatSignedUsd } from './money.ts';
import { shiftWeek, weekSpan } from './week.ts';
import { sameDays } from './week-data.ts';

/** The shipped chart specs. */
export const REPORT_CHARTS_DIR = packagePath('src/report/charts');

/** One chart as the e-mail embeds it. */
export interface ChartImage {
  /** `daily`, `trend`, `services`, `movers`: also the CID (`<name>@costlens`) and file name stem. */
  name: string;
  /** What the chart shows, for the image's alt text. */
  alt: string;
  /** CSS pixels (the specs draw about 380 px wide with 13 px text: shown 366 px wide on a phone, the text stays 12 px); the PNG is rendered at twice that for sharp text on high-density screens. */
  width: number;
  height: number;
  png: Buffer;
}

/** Rasterisation scale: the PNG has this many pixels per CSS pixel. */
export const PNG_SCALE = 2;

type Row = Record<string, string | number | boolean>;

function loadSpec(name: string): Record<string, unknown> {
  const path = join(REPORT_CHARTS_DIR, `${name}.vl.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CostlensError('internal', `cannot read the report chart ${path}: ${messageOf(error)}`, { cause: error });
  }
}

const dollars = (cents: bigint) => Number(cents) / 100;

/** Characters per line of a chart's category label: the charts are drawn about 380 px wide, to read on a phone. */
export const LABEL_LINE_CHARS = 18;

/**
 * A category label broken between words into lines of at most `width` characters (a longer word
 * stays whole), joined by `\n`: the spec's `labelExpr` splits it, so a long service name takes two
 * or three short lines instead of half the chart's width.
 */
export function labelLines(text: string, width = LABEL_LINE_CHARS): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const line = lines.at(-1);
    if (line !== undefined && `${line} ${word}`.length <= width) lines[lines.length - 1] = `${line} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** One chart's data: its spec's name, its alt text, its rows and, when the spec's subtitle is to name days, that subtitle (its lines). */
export interface ChartData {
  name: string;
  alt: string;
  rows: Row[];
  subtitle?: string[];
}

/**
 * The days of the two weeks a chart draws (the days compared, of a week cut short), as its
 * subtitle names them: `30 Nov – 6 Dec 2026` and `23–29 Nov 2026`.
 */
export function chartWeeks(report: Pick<WeeklyReport, 'week' | 'status'>): { thisWeek: string; lastWeek: string } {
  const days = report.status.comparedDays;
  return { thisWeek: weekSpan(sameDays(report.week, days)), lastWeek: weekSpan(sameDays(shiftWeek(report.week, -1), days)) };
}

/**
 * The data of each chart a report carries (organisation reports: daily, trend and, when they
 * compare, the services' moves as Top movers draws them; a team's: its services this week and
 * last), the subtitle of those that draw two weeks naming the days of each (`This week: 30 Nov –
 * 6 Dec 2026` over `last week: 23–29 Nov 2026`), the legend's `this week` and `last week`. Each
 * line is short enough for Vega's estimate of its width (0.8 em a character) to keep the chart
 * within about 380 px, a week across two years included.
 */
export function chartData(report: WeeklyReport): ChartData[] {
  const charts: ChartData[] = [];
  const { thisWeek, lastWeek } = chartWeeks(report);
  const weeks = [`This week: ${thisWeek}`, `last week: ${lastWeek}`];
  if (report.daily.length > 0) {
    charts.push({
      name: 'daily', alt: `Daily usage BilledCost, this week (${thisWeek}) beside last week (${lastWeek})`, subtitle: weeks,
      rows: report.daily.map((d) => ({ weekday: d.weekday, series: d.series, billed: dollars(d.billed), status: d.provisional ? 'provisional' : d.partial ? 'partial' : 'final', day: d.day })),
    });
  }
  if (report.coverage) {
    const classes = [['tagged', 'tagged'], ['account default', 'accountDefault'], ['shared', 'shared'], ['untagged', 'untagged']] as const;
    const { points } = report.coverage;
    const marked = endedStepMarks(points, report.status);
    charts.push({
      name: 'trend', alt: `Weekly usage BilledCost by ${report.coverage.key} tag coverage, last ${points.length} weeks${marked ? `; ${marked.subtitle.join(' ')}` : ''}`,
      rows: points.flatMap((p) => classes.map(([label, key], order) => ({ week: marked?.weeks.has(p.week.start) ? `${p.week.label}*` : p.week.label, class: label, order, billed: dollars(p[key]) }))),
      ...(marked ? { subtitle: marked.subtitle } : {}),
    });
  }
  if (report.split.dimension === 'service') {
    const top = [...report.split.rows].sort((a, b) => descending(a.current, b.current)).slice(0, 8);
    if (top.length > 0) {
      charts.push({
        name: 'services', alt: `Usage BilledCost of the largest services, this week (${thisWeek}) beside last week (${lastWeek})`, subtitle: weeks,
        rows: top.flatMap((r, rank) => [
          { service: labelLines(r.value), series: 'last week', billed: dollars(r.previous), rank },
          { service: labelLines(r.value), series: 'this week', billed: dollars(r.current), rank },
        ]),
      });
    }
    return charts;
  }
  const movers = report.movers.find((m) => m.dimension === 'service')?.rows ?? [];
  if (movers.length > 0) {
    // Each moving service's change, in the table's order (the largest change up or down first), a bar from $0: the moves the section is about, whatever the services' size.
    charts.push({
      name: 'movers', alt: `Change of usage BilledCost of the services that moved most, this week (${thisWeek}) against last week (${lastWeek})`,
      subtitle: weeks,
      rows: movers.map((r, rank) => ({ service: labelLines(r.value), change: dollars(r.change), label: formatSignedUsd(r.change), direction: r.change < 0n ? 'down' : 'up', rank })),
    });
  }
  return charts;
}

/**
 * The coverage trend's weeks that hold the lines of a delivery that has ended where a later week leaves them out
 * (CoveragePoint.ended: the other deliveries' data does not cover them whole), marked `*` on the chart, and its
 * subtitle saying that the step after them is those lines left out, not a drop in spend (2018-W44 $1,062.57,
 * 2018-W45 $1.30 beside the CUR cut after 13 Nov 2018). Null when no such week is followed by another.
 */
function endedStepMarks(points: readonly CoveragePoint[], status: WeeklyReport['status']): { weeks: Set<string>; subtitle: string[] } | null {
  const holding = points.filter((p, i) => p.ended?.leftOut === false && i < points.length - 1);
  if (holding.length === 0) return null;
  const sources = new Set(holding.flatMap((p) => p.ended!.sources));
  const ends = (status.endedBefore?.deliveries ?? []).filter((own) => own.sources.some((source) => sources.has(source))).map((own) => own.lastDay).sort(ascending);
  const one = ends.length <= 1;
  const end = ends.length === 0 ? 'ended:' : one ? `ended (its data ends on ${shortDay(ends[0], true)}):` : `ended (their data ends by ${shortDay(ends.at(-1)!, true)}):`;
  // Lines of about 36 characters, so that the chart keeps to a phone's width (chartData).
  return {
    weeks: new Set(holding.map((p) => p.week.start)),
    subtitle: [`* weeks holding ${one ? 'a delivery that has' : 'deliveries that have'}`, end, `the step after them is ${one ? 'its' : 'their'} lines`, 'left out, not a drop in spend'],
  };
}

/** One chart of a report as SVG: its shipped spec, with its money axes drawn by the dashboards' rule, bound to its rows, in the configured font; its subtitle, when the chart gives one. */
export async function chartSvg(chart: Pick<ChartData, 'name' | 'rows' | 'subtitle'>, fonts: ReportConfig['charts']): Promise<string> {
  const spec = withMoneyAxes(loadSpec(chart.name));
  const title = chart.subtitle === undefined ? spec.title : { ...(spec.title as object), subtitle: chart.subtitle };
  return renderSvg({ ...spec, title, data: { values: chart.rows }, config: { ...(spec.config as object), font: fonts.fontFamily } });
}

/** Rasterises an SVG to PNG with resvg (white background, system fonts plus `fontFiles`). */
export function svgToPng(svg: string, fonts: ReportConfig['charts']): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, fontFiles: fonts.fontFiles, defaultFontFamily: fonts.fontFamily, sansSerifFamily: fonts.fontFamily },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: Math.round(image.width / PNG_SCALE), height: Math.round(image.height / PNG_SCALE) };
}

/** Charts this process rendered, by what they were drawn from (the shipped spec, the rows, the font settings), least recently used first out; a font file replaced at the same path is read again after a restart. */
const rendered = new Map<string, Omit<ChartImage, 'name' | 'alt'>>();
const RENDERED_KEPT = 64;

/**
 * Renders every chart of a report to PNG. A chart drawn from the same rows with the same fonts as
 * one this process rendered before (the same week's report sent after a preview, to another
 * audience, or again by the schedule) reuses that PNG: rendering is a pure function of them.
 */
export async function renderCharts(report: WeeklyReport, fonts: ReportConfig['charts']): Promise<ChartImage[]> {
  const images: ChartImage[] = [];
  for (const chart of chartData(report)) {
    const key = createHash('sha256').update(JSON.stringify([chart.name, chart.rows, chart.subtitle ?? null, fonts])).digest('hex');
    let image = rendered.get(key);
    if (!image) {
      image = svgToPng(await chartSvg(chart, fonts), fonts);
      if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
    }
    rendered.delete(key);
    rendered.set(key, image);
    images.push({ name: chart.name, alt: chart.alt, ...image });
  }
  return images;
}
