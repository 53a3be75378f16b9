/**
 * The one loop that follows an AWS pagination token (NextToken, NextPageToken, Marker,
 * ContinuationToken …), for every paginated read costlens makes. Unlike a bare `do … while
 * (token)`, it cannot request forever: it stops with an error naming the operation when a page
 * hands back a token costlens has already sent (the service would answer the same pages again and
 * again, each a request, some billed: Cost Explorer's are $0.01), and when more than MAX_PAGES
 * pages would be read. The SDK's own paginators stop silently on a repeated token
 * (`stopOnSameToken`), which would pass a partial listing off as complete; this fails instead.
 */
import { CostlensError } from '../errors.ts';

/**
 * Pages one paginated read may fetch: 10,000, far past any listing costlens makes (10 million S3
 * keys or EC2 instances at 1,000 a page, 10 million Athena result rows, 500,000 Lambda functions at
 * 50 a page, 10,000 Cost Explorer pages), so reaching it means the service keeps handing out new
 * tokens without end.
 */
export const MAX_PAGES = 10_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Yields every page of a paginated AWS read. `fetchPage(token)` requests one page (`undefined` for
 * the first); `nextToken(page)` reads the token of the page after it, where `undefined`, `null` or
 * `''` means that page was the last. `operation` names the read in errors (`ce GetCostAndUsage`).
 * Throws CostlensError('aws') when a page returns a token already sent (the same one or an earlier
 * one) or when the page after the MAX_PAGES-th is asked for; no request is made for it.
 */
export async function* paginate<Page>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<Page>,
  nextToken: (page: Page) => string | null | undefined,
): AsyncGenerator<Page, void, undefined> {
  /** Each token sent, with the page (from 1) it was sent for. */
  const sent = new Map<string, number>();
  let token: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await fetchPage(token);
    yield page;
    const next = nextToken(page) || undefined;
    if (next === undefined) return;
    const repeated = sent.get(next);
    if (repeated !== undefined) {
      const which = repeated === pages ? 'the pagination token it was requested with' : `the pagination token of page ${count(repeated)} again`;
      throw new CostlensError('aws', `${operation}: page ${count(pages)} returned ${which}; stopped after ${count(pages)} pages rather than request the same pages without end`, {
        hint: 'the service (or the endpoint in AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>) repeats its pagination; retry later, and report it to the endpoint\'s owner if it persists',
      });
    }
    if (pages >= MAX_PAGES) {
      throw new CostlensError('aws', `${operation}: more pages after ${count(pages)}, costlens's limit for one paginated read; stopped rather than request pages without end`, {
        hint: 'narrow what is read (fewer days, a narrower S3 prefix or query); report it if the service keeps handing out new tokens',
      });
    }
    sent.set(next, pages + 1);
    token = next;
  }
}
