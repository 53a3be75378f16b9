/** Why spend changed: a span against another decomposed into volume, rate, new and gone by usage type, resource and region. Callers outside this folder import from here. */
export * from './change.ts';
export * from './drivers.ts';
export * from './span-shapes.ts';
export * from './spans.ts';
export * from './usage.ts';
