export { kpiPage } from './page.ts';
