export { commitmentsPage } from './page.ts';
export { splitCents, splitMoney } from './cents.ts';
export { COMMITMENTS_SOURCES } from './view.ts';
