import { attributionPage } from './attribution.ts';
import { commitmentsPage } from './commitments.ts';
import { dataTransferPage } from './data-transfer.ts';
import { explorePage } from './explore.ts';
import { kpiPage } from './kpi.ts';
import type { NavEntry } from './layout.ts';
import { optimisationPage } from './optimisation.ts';
import { overviewPage } from './overview.ts';
import { resourcePage } from './resource.ts';
import { storagePage } from './storage.ts';

/**
 * The dashboard pages in navigation order. A page is one module exporting a `Page` (see
 * page.ts); to add one, import it here and give it an entry. A `hidden` entry is served but not
 * shown in the navigation (a detail view reached from another page).
 */
export const NAVIGATION: NavEntry[] = [
  { path: '/', title: 'Overview', page: overviewPage },
  { path: '/explore', title: 'Explore', page: explorePage },
  // Attribution: spend by cost-allocation tag, untagged and shared costs split by rule, reconciled to the invoice.
  { path: '/attribution', title: 'Attribution', page: attributionPage },
  // Optimisation: idle resources and rightsizing with their evidence and savings; each links to its resource.
  { path: '/optimisation', title: 'Optimisation', page: optimisationPage },
  // Commitments: Reserved Instances and Savings Plans (utilisation, unused cost, coverage, expiry, purchase advice).
  { path: '/commitments', title: 'Commitments', page: commitmentsPage },
  // Storage and Data transfer: CUDOS's first sheets after the summary (cost by class over time, transfer by type month over month).
  { path: '/storage', title: 'Storage', page: storagePage },
  { path: '/data-transfer', title: 'Data transfer', page: dataTransferPage },
  // KPIs: efficiency KPIs against their targets (kpi.targets) with the saving at each target, by account or team.
  { path: '/kpi', title: 'KPIs', page: kpiPage },
  { path: '/resource', title: 'Resource', page: resourcePage, hidden: true },
];

export { emptyStoreBody, errorBody, layout, type NavEntry } from './layout.ts';
export { loginPage } from './login.ts';
export type { Html, Page, PageRequest } from './page.ts';
