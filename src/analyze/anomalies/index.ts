/** Anomalies: days whose spend departs from the trailing median (detect, baseline, stats) and the events they form, explained. Callers outside this folder import from here. */
export * from './baseline.ts';
export * from './detect.ts';
export * from './events.ts';
export * from './follow-back.ts';
export * from './need.ts';
export * from './runs.ts';
export * from './stats.ts';
export * from './unjudged.ts';
export * from './unjudged-series.ts';
