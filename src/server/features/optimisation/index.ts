export { evidenceCell, findingSavingCell, optimisationPage, RESOURCE_VIEW_DAYS } from './page.ts';
export { optimisationRoutes } from './routes.ts';
export { optimisationDayFor, resolveOptimisation } from './selection.ts';
export { findingsOf, OPTIMISATION_SOURCES } from './view.ts';
export { actionCell, moderniseReportOrWhy, type NoModernisationView, noModernisationNote, savingCell } from './modernisation-section.ts';
