export { STORAGE_NEED, storagePage } from './page.ts';
