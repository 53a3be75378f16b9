/**
 * Analysis names are URL paths: a source the API lists must be one `/api/analyses/NAME` can reach.
 * The commitments sources were once named with hyphens (`commitments/over-time`), listed by
 * GET /api/analyses and answered 404; the service now refuses such a name when the app is built.
 */
import { describe, expect, it } from 'vitest';
import { ANALYSIS_NAME, AnalysisService, type AnalysisSource } from '../../src/server/analysis-service.ts';

const source = (name: string): AnalysisSource => ({ name, description: name, params: [], returns: [], compute: async () => ({ params: {}, columns: [], types: [], rows: [] }) });
const service = (...names: string[]) => new AnalysisService(undefined as never, undefined as never, undefined as never, new Map(names.map((n) => [n, source(n)])));

describe('analysis source names', () => {
  it('are area/name in lower-case letters, digits and underscores', () => {
    expect(['commitments/over_time', 'explore/spend_by', 'kpi/ec2_2'].filter((n) => ANALYSIS_NAME.test(n))).toHaveLength(3);
    expect(['commitments/over-time', 'Explore/spend_by', '/x', 'x/', 'a//b', 'spend_by', 'a/b/c'].filter((n) => ANALYSIS_NAME.test(n))).toEqual([]);
  });

  it('a source its URL could not reach is refused when the service is built, naming it', () => {
    expect(() => service('commitments/over_time', 'explore/spend_by')).not.toThrow();
    expect(() => service('commitments/over_time', 'commitments/over-time')).toThrow('analysis source "commitments/over-time" is not named area/name in lower-case letters, digits and underscores, so /api/analyses/commitments/over-time could not serve it');
  });
});
