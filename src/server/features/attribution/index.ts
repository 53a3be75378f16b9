export { attributionPage } from './page.ts';
export { attributionRoutes } from './routes.ts';
export { ATTRIBUTION_SOURCES, MAX_TAG_KEY_LENGTH } from './view.ts';
