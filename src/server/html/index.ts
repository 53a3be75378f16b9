/** The HTML kit every dashboard page is built with: the layout, cell formats, the filter panel, the page contract and the login page. */
export { changePercent, count, day, daysSpan, money, moneyBesideShare, moneyBesideShareCell, percent, resourceClass, signedAmount, signedMoney, splitMoney, totalShare, withBreaks, withCode } from './format.ts';
export { filterForm, type FilterFormOptions } from './filter-panel.ts';
export { chartFigure, emptyStoreBody, errorBody, layout, notComparedFigure, notInStoreFigure, tableScroll, type LayoutOptions, type NavEntry } from './layout.ts';
export { loginPage } from './login.ts';
export { one, records, type Html, type Page, type PageRequest, type PageResult } from './page.ts';
