/** The month-end forecast: a fit of daily usage, the fees and tax still to post, and the projection with its band. Callers outside this folder import from here. */
export * from './after-horizon.ts';
export * from './commitment-terms.ts';
export * from './ended-sources.ts';
export * from './expected.ts';
export * from './fee-parts.ts';
export * from './fee-rows.ts';
export * from './fit.ts';
export * from './fit-window.ts';
export * from './level-shift.ts';
export * from './money-text.ts';
export * from './recent-rate.ts';
export * from './month-end.ts';
export * from './month-forecast.ts';
export * from './need.ts';
export * from './parts-add-up.ts';
export * from './term-notes.ts';
export * from './trend-caveat.ts';
