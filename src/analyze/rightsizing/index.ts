/** Rightsizing: EC2, RDS and Lambda recommendations from metrics, priced from the bill and the catalogues, with commitments and evidence. Callers outside this folder import from here. */
export * from './burstable.ts';
export * from './evidence.ts';
export * from './lambda.ts';
export * from './nothing-to-save.ts';
export * from './on-athena.ts';
export * from './rds.ts';
export * from './recommend.ts';
export * from './savings.ts';
export * from './sizes.ts';
export * from './table.ts';
export * from './types.ts';
export * from './without-metrics.ts';
