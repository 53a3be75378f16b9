import { explorePage } from './explore.ts';
import type { NavEntry } from './layout.ts';
import { overviewPage } from './overview.ts';

/**
 * The dashboard pages in navigation order. A page is one module exporting a `Page` (see
 * page.ts); to add one, import it here and set `page` on its entry. Attribution and
 * Optimisation are slots kept for the pages built on the analysers: until filled they show
 * greyed in the navigation and their paths answer 404.
 */
export const NAVIGATION: NavEntry[] = [
  { path: '/', title: 'Overview', page: overviewPage },
  { path: '/explore', title: 'Explore', page: explorePage },
  // SLOT attribution: src/server/pages/attribution.ts (spend by cost-allocation tag, untagged and
  // shared costs split by rule, reconciled to the invoice) — import it and set `page: attributionPage`.
  { path: '/attribution', title: 'Attribution', slot: 'attribution by cost-allocation tag: coming with the attribution analyser' },
  // SLOT optimisation: src/server/pages/optimisation.ts (idle resources and rightsizing with their
  // evidence and savings) — import it and set `page: optimisationPage`.
  { path: '/optimisation', title: 'Optimisation', slot: 'idle and rightsizing recommendations: coming with the optimisation analysers' },
];
