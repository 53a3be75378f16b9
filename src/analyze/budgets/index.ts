/** Budgets: actual, forecast and thresholds per budget period and scope, with the drivers of a crossing. Callers outside this folder import from here. */
export * from './bill-months.ts';
export * from './charge-day-basis.ts';
export * from './commitment-rates.ts';
export * from './config.ts';
export * from './drivers.ts';
export * from './evaluate.ts';
export * from './fee-lines.ts';
export * from './forecast.ts';
export * from './json.ts';
export * from './period.ts';
export * from './scope.ts';
export * from './scope-day.ts';
export * from './status.ts';
export * from './threshold-words.ts';
export * from './whole-bills.ts';
