export { evidenceCell, findingSavingCell, optimisationPage, RESOURCE_VIEW_DAYS } from './page.ts';
export { optimisationRoutes } from './routes.ts';
export { findingsOf, OPTIMISATION_SOURCES, resolveOptimisation } from './view.ts';
export { actionCell, moderniseReportOrWhy, savingCell } from './modernisation-section.ts';
