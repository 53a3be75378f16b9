/**
 * A budget's forecast sums usage and tax exactly, in bigint units, as its fees already were
 * (src/analyze/budgets/forecast.ts): the actual and each day's usage are sums of the store's
 * decimals, the fitted run-rate is converted once per month to the micro-dollar, and the tax of a
 * month is the reference month's tax × the month's charges ÷ its other charges, rounded once, put
 * on the micro-dollar grid. Before, all three were JS floats (`actual` and `projectedUsage` rounded
 * to 1e-6, the tax ratio a float) and the forecast was turned back into units from their float sum.
 *
 * On the shared demo (data through 14 Nov 2026), no printed figure moves: every budget's forecast
 * of the demo and of the real Oct → Nov 2018 bills, as of each day, rounds to the same cents either
 * way. What changes is below the cent, and is pinned here: the budgets on Amazon S3 (usage and tax,
 * no recurring fee), November and 2026-Q4 as of 14 Nov, against DuckDB's own DECIMAL sums of the store.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluateBudgets, forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { fromUnits } from '../../src/lib/money.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';

const S3 = 'Amazon Simple Storage Service';
const AS_OF = '2026-11-14';
const MICRO = 10_000n;

/** Exact 1e-10 units of DuckDB's decimal text (parsed here, apart from src/lib/money.ts). */
function units(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -value : value;
}

/** a × b ÷ c for positive units, rounded half up to the unit; then put on the micro-dollar grid (half up). */
const taxOf = (tax: bigint, charges: bigint, other: bigint) => (2n * tax * charges + other) / (2n * other);
const micro = (value: bigint) => ((2n * value + MICRO) / (2n * MICRO)) * MICRO;

describe('budgets on S3 in the demo: usage and tax summed exactly, to the unit of DuckDB\'s DECIMAL sums', () => {
  let db: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let rows: ScopeDay[];
  const one = async (sql: string) => {
    const reader = await connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    return Object.fromEntries(columns.map((c, i) => [c, String(reader.getRows()[0][i])]));
  };
  /** S3's spend in the budget's measure (billed) over [from, to) by charge class: DuckDB's exact DECIMAL sums. */
  const s3 = async (from: string, to: string) => one(`SELECT
      CAST(coalesce(sum(BilledCost), 0) AS VARCHAR) AS total,
      CAST(coalesce(sum(BilledCost) FILTER (WHERE x_ChargeClass = 'tax'), 0) AS VARCHAR) AS tax,
      CAST(coalesce(sum(BilledCost) FILTER (WHERE x_ChargeClass <> 'tax'), 0) AS VARCHAR) AS other,
      CAST(coalesce(sum(BilledCost) FILTER (WHERE x_ChargeClass = 'recurring'), 0) AS VARCHAR) AS recurring
    FROM line_items WHERE ServiceName = '${S3}' AND ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}'`);
  const inputs = () => ({ rows, firstDataDay: '2026-09-01', horizon: AS_OF, provisionalFrom: '2026-11-12', config: parseConfig({}).forecast });

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
    // The budget's rows, read by DuckDB: S3's spend per charge day and class, exact.
    const reader = await connection.runAndReadAll(`SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS day, x_ChargeClass AS class, CAST(sum(BilledCost) AS VARCHAR) AS cost
      FROM line_items WHERE ServiceName = '${S3}' AND ChargePeriodStart < TIMESTAMP '2026-11-15' GROUP BY 1, 2 ORDER BY 1, 2`);
    rows = reader.getRows().map(([day, chargeClass, cost]) => ({ day: String(day), chargeClass: String(chargeClass), service: S3, units: units(String(cost)) }));
  }, 300_000);
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('the demo is what the case needs: S3 holds usage and tax (posted for the month), no recurring fee, in October and November', async () => {
    const [october, november] = [await s3('2026-10-01', '2026-11-01'), await s3('2026-11-01', '2026-11-15')];
    expect([october.total, october.tax, october.other, october.recurring]).toEqual(['4542.8639201992', '174.7200000000', '4368.1439201992', '0.0000000000']);
    expect([november.total, november.tax, november.other, november.recurring]).toEqual(['2091.0177679310', '80.4400000000', '2010.5777679310', '0.0000000000']);
  });

  it('November: actual 2,091.0177679310 to the unit, the run-rate on the micro-dollar grid, the tax still to come 174.72 × (charges) ÷ 4,368.1439201992 − 80.44, exactly', async () => {
    const [october, november] = [await s3('2026-10-01', '2026-11-01'), await s3('2026-11-01', '2026-11-15')];
    const f = forecastPeriodEnd(periodContaining('monthly', AS_OF), AS_OF, inputs()) as PeriodForecast;
    expect(f.actual).toBe(units(november.total));
    expect(f.projectedUsage % MICRO).toBe(0n);
    expect(f.expectedFees).toBe(0n);
    const tax = micro(taxOf(units(october.tax), units(november.other) + f.projectedUsage, units(october.other)) - units(november.tax));
    expect(f.expectedTax).toBe(tax);
    expect([f.expectedCharges, f.forecast]).toEqual([tax, f.actual + f.projectedUsage + tax]);
    // The figures, pinned (10 decimals: the old float sums kept 6).
    expect([f.actual, f.projectedUsage, f.expectedTax, f.forecast].map((v) => fromUnits(v))).toEqual(['2091.0177679310', '2315.9467670000', '92.6152790000', '4499.5798139310']);
  });

  it('2026-Q4: October and November exact; November\'s tax shortfall as the month\'s budget has it, December\'s on its projected usage alone', async () => {
    const [october, octNov, november] = [await s3('2026-10-01', '2026-11-01'), await s3('2026-10-01', '2026-11-15'), await s3('2026-11-01', '2026-11-15')];
    const q4 = forecastPeriodEnd(periodContaining('quarterly', AS_OF), AS_OF, inputs()) as PeriodForecast;
    // The reference month of a budget as of 14 Nov is October, whatever its period; the fit is the same, so is November's projection.
    const rest = forecastPeriodEnd(periodContaining('monthly', AS_OF), AS_OF, inputs()) as PeriodForecast;
    expect(q4.actual).toBe(units(octNov.total));
    const december = q4.projectedUsage - rest.projectedUsage;
    expect(december % MICRO).toBe(0n);
    const [refTax, refOther] = [units(october.tax), units(october.other)];
    const novemberTax = micro(taxOf(refTax, units(november.other) + rest.projectedUsage, refOther) - units(november.tax));
    expect(q4.expectedTax).toBe(novemberTax + micro(taxOf(refTax, december, refOther)));
    expect(q4.forecast).toBe(q4.actual + q4.projectedUsage + q4.expectedTax);
    expect([q4.actual, q4.projectedUsage, q4.expectedTax, q4.forecast].map((v) => fromUnits(v))).toEqual(['6633.8816881302', '6884.9787680000', '275.3705370000', '13794.2309931302']);
  });

  it('costlens budgets prints each forecast as these exact parts rounded once, to the cent (the same cents as before)', async () => {
    const configs = parseConfig({ budgets: [
      { name: 's3', amount: 5000, scope: { services: [S3] } },
      { name: 's3-q4', amount: 15000, period: 'quarterly', scope: { services: [S3] } },
    ] });
    const { asOf, statuses: [month, quarter] } = await withEngine(db, (engine) => evaluateBudgets(engine, configs));
    expect(asOf).toBe(AS_OF);
    const cents = (v: bigint) => ((2n * v + 10n ** 8n) / (2n * 10n ** 8n)) * 10n ** 8n;
    const f = (period: 'monthly' | 'quarterly') => forecastPeriodEnd(periodContaining(period, AS_OF), AS_OF, inputs()) as PeriodForecast;
    expect([month.actual, month.forecast]).toEqual([f('monthly').actual, cents(f('monthly').forecast)]);
    expect([quarter.actual, quarter.forecast]).toEqual([f('quarterly').actual, cents(f('quarterly').forecast)]);
  });
});
