/** Modernisation from the bill: gp2 and io1 volumes, older-generation and Graviton-twin instances, old snapshots, cold S3 buckets and network hot spots. Callers outside this folder import from here. */
export * from './commitments.ts';
export * from './config.ts';
export * from './cross-check.ts';
export * from './ebs.ts';
export * from './find.ts';
export * from './findings.ts';
export * from './instances.ts';
export * from './network.ts';
export * from './nothing-to-save.ts';
export * from './s3.ts';
export * from './snapshots.ts';
export * from './superseded.ts';
