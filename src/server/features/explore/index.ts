export { explorePage } from './page.ts';
export { exploreSources, MAX_RANGE_DAYS } from './view.ts';
