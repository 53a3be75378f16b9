export { explorePage } from './page.ts';
export { MAX_RANGE_DAYS } from './view.ts';
export { exploreSources } from './sources.ts';
