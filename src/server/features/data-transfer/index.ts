export { dataTransferPage, TRANSFER_NEED } from './page.ts';
