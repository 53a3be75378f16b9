import { attributionPage } from './features/attribution/index.ts';
import { commitmentsPage } from './features/commitments/index.ts';
import { dataTransferPage } from './features/data-transfer/index.ts';
import { explorePage } from './features/explore/index.ts';
import { kpiPage } from './features/kpi/index.ts';
import { optimisationPage } from './features/optimisation/index.ts';
import { overviewPage } from './features/overview/index.ts';
import { resourcePage } from './features/resource/index.ts';
import { storagePage } from './features/storage/index.ts';
import type { NavEntry } from './html/index.ts';

/**
 * The dashboard pages in navigation order. A page is one module exporting a `Page` (see
 * html/page.ts); to add one, import it here and give it an entry. A `hidden` entry is served but not
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
