/** Billing files in S3: s3:// URIs, listing with continuation tokens, a local mirror kept in step (sync, state, download), and the paths ingest reads instead. Callers outside this folder import from here. */
export * from './download.ts';
export * from './listing.ts';
export * from './mirror-path.ts';
export * from './paths.ts';
export * from './state.ts';
export * from './sync.ts';
export * from './uri.ts';
