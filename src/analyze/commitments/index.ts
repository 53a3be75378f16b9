/** Commitments (Reserved Instances and Savings Plans): usage and coverage from the bill, expiries, purchase advice and the JSON shape of the report. Callers outside this folder import from here. */
export * from './advice.ts';
export * from './analyse.ts';
export * from './config.ts';
export * from './coverage.ts';
export * from './days.ts';
export * from './expiry.ts';
export * from './horizon.ts';
export * from './json.ts';
export * from './savings-rate-words.ts';
export * from './summary.ts';
export * from './table-text.ts';
export * from './unstated-purchase.ts';
export * from './unused-cents.ts';
export * from './usage.ts';
