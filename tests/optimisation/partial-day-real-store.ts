/**
 * The store of the partial-day rightsizing tests (rightsizing-partial-day-real, metrics-horizon):
 * the real October 2018 CUR and November's cut at 2018-11-20 12:00 (its data horizon the 19th),
 * beside a FOCUS bill of the Lambda function api (3.00 a day of Lambda-GB-Second to the 19th, then
 * 0.125 an hour up to 12:00 on the 20th), its inventory row (1024 MB, 30 s timeout) and the
 * metrics a test gives, ingested in one `costlens ingest`.
 */
import { cachedIngest } from '../helpers/cached-ingest.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { derivedFiles, realNovemberTo20thNoon } from '../helpers/derived-files.ts';
import { days, focusCsv, metricsCsv, type BillLine, type MetricPoint } from './fixtures.ts';

/** The usage account of the real 2018 CUR. */
export const ACCOUNT = '836060457634';
/** The Lambda function api, billed beside the CUR. */
export const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;

const lambdaLine = { account: ACCOUNT, region: 'us-east-1', resourceId: FN, usageType: 'Lambda-GB-Second', service: 'AWS Lambda' };
const lambdaBill: BillLine[] = [
  ...days('2018-10-01', '2018-11-20').map((start) => ({ ...lambdaLine, start, quantity: 180000, cost: '3.0' })),
  ...Array.from({ length: 12 }, (_, h) => ({
    ...lambdaLine, start: `2018-11-20T${String(h).padStart(2, '0')}:00:00`, end: `2018-11-20T${String(h + 1).padStart(2, '0')}:00:00`, quantity: 7500, cost: '0.125',
  })),
];
const INVENTORY = 'resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at,memory_mb,architecture,runtime,timeout_s\n'
  + `${FN},${ACCOUNT},us-east-1,AWSLambda,function,,,,{},2018-11-19T00:00:00Z,1024,x86_64,nodejs20.x,30\n`;

/** The store and the files ingested into it: callers only read them. */
export interface PartialDayRealStore {
  db: string;
  partialNov: string;
  lambdaBill: string;
  metrics: string;
}

/**
 * The store of the module's comment with `metrics`: the files written and the store ingested once
 * per machine (tests/helpers/derived-files.ts, tests/helpers/cached-ingest.ts); an ingest that
 * fails throws, naming its files and what it printed.
 */
export async function partialDayRealStore(metrics: readonly MetricPoint[]): Promise<PartialDayRealStore> {
  const partialNov = await realNovemberTo20thNoon();
  const files = await derivedFiles([
    { name: 'lambda-focus.csv', text: focusCsv(lambdaBill) },
    { name: 'metrics.csv', text: metricsCsv(metrics) },
    { name: 'inventory.csv', text: INVENTORY },
  ]);
  const { db } = await cachedIngest([REAL_OCT_2018, partialNov, files['lambda-focus.csv'], files['metrics.csv'], files['inventory.csv']]);
  return { db, partialNov, lambdaBill: files['lambda-focus.csv'], metrics: files['metrics.csv'] };
}
