import type { HtmlEscapedString } from 'hono/utils/html';
import type { NamedQuery } from '../../engine/queries.ts';
import type { AnalysisConfig } from '../../analyze/config.ts';
import type { Analyses } from '../analysis-service.ts';
import { CostlensError } from '../../errors.ts';
import type { ChartDefinition } from '../charts.ts';
import type { ReportContext } from '../context.ts';
import type { QueryResult, QueryRunner } from '../query-service.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What a page sees of its request: the URL, its parameters, and queries pinned to one store generation. */
export interface PageRequest {
  url: URL;
  /** Query-string parameters (each name may repeat; `one()` reads a single value). */
  query: Record<string, string[]>;
  /** Runs named queries; every query of one page reads the same generation. */
  run: QueryRunner;
  /** The analysers (attribution, idle, rightsizing) on that same generation, cached per generation. */
  analyses: Analyses;
  /** A query's definition (description, parameters and their allowed values). */
  describe(name: string): NamedQuery;
  context: ReportContext;
  config: AnalysisConfig;
  charts: Map<string, ChartDefinition>;
}

/** A page renders its main content, or asks for a redirect (e.g. to put its defaults in the URL). */
export type PageResult = { title: string; body: Html } | { redirect: string };

/** One dashboard page: one module exports one of these, and src/server/navigation.ts lists it. */
export interface Page {
  /** Its URL path, e.g. `/explore`. */
  path: string;
  /** Its label in the navigation. */
  title: string;
  /** The navigation entry to mark as current when it is not the page's own (a detail view). */
  navPath?: string;
  /**
   * What the page shows once there is data, for the state the shell renders while the store holds
   * no billing line ("This page shows … once the store holds billing data").
   */
  shows?: string;
  /** The page renders an empty store itself (the shell's empty state is not used). */
  rendersEmptyStore?: boolean;
  render(request: PageRequest): Promise<PageResult>;
}

/** Reads one query-string value; giving a filter twice is a 400. */
export function one(query: Record<string, string[]>, name: string): string | undefined {
  const values = query[name];
  if (!values) return undefined;
  if (values.length > 1) throw new CostlensError('usage', `"${name}" is given ${values.length} times; give it once`);
  return values[0];
}

/** A result's rows as objects of text cells. */
export function records(result: QueryResult): Record<string, string | null>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
}
