export { KPI_NEED, kpiPage } from './page.ts';
