export { resourcePage } from './page.ts';
