export { dataTransferPage } from './page.ts';
