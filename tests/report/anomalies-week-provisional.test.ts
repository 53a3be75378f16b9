/**
 * The weekly e-mail's anomalies section when every day of the report week the store holds is
 * provisional: it says which days, in the e-mail's own style of a span (calendar.ts daySpan). On the
 * real October and November 2018 CUR (data horizon 30 Nov 2018), 2018-W48 holds 26–30 Nov; with
 * anomalies.provisionalDays 5, those are the 5 provisional days. It read "its days in the store,
 * 2018-11-26 to 2018-11-30, are …".
 */
import { describe, expect, it } from 'vitest';
import { billingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildAnomaliesSection } from '../../src/report/anomalies-section.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';

describe('2018-W48 of the real 2018 CUR, its days all provisional', () => {
  it('"its days in the store, 26–30 Nov 2018, are treated as provisional", no day examined', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const config = analysisConfigSchema.parse({ anomalies: { provisionalDays: 5 } }).anomalies;
    const model = await withEngine(db, async (engine) => buildAnomaliesSection(engine, config, parseIsoWeek('2018-W48'), await billingDaySpan(engine)));
    expect([model.events, model.judged, model.noDayExamined]).toEqual([[], null,
      'its days in the store, 26–30 Nov 2018, are treated as provisional: costlens counts the last 5 complete days back from the data horizon (anomalies.provisionalDays)']);
  }, 600_000);
});
