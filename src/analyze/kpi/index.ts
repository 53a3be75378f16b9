/** Efficiency KPIs (Spot, Graviton, current generation, gp3, commitment coverage, S3 Standard) per account or team, with the saving at target. Callers outside this folder import from here. */
export * from './accumulate.ts';
export * from './config.ts';
export * from './efficiency.ts';
export * from './json.ts';
export * from './targets.ts';
export * from './usage-without-type.ts';
