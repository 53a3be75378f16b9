export { storagePage } from './page.ts';
