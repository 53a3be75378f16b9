/**
 * `costlens pull cost-explorer`: the Cost Explorer API as a FOCUS-shaped source. The plan says
 * which months to fetch (plan.ts), the fetch pages through GetCostAndUsage (fetch.ts), the rows
 * are written as FOCUS CSV per month (focus-rows.ts) and ingested; months already stored are
 * found in the store (stored-months.ts); requests.ts says what the requests cost. Callers outside
 * this folder import from here.
 */
export { planCostExplorerPull, type CeMonthPlan, type CePlan, type CeRange, type MonthAction } from './plan.ts';
export { pullCostExplorer, type CostExplorerPullOptions, type CostExplorerPullResult } from './pull.ts';
export { ceRequestsText, COST_EXPLORER_REQUEST_CENTS, type CeRequestCount } from './requests.ts';
