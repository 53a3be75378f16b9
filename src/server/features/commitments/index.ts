export { commitmentsPage } from './page.ts';
export { COMMITMENTS_SOURCES } from './view.ts';
