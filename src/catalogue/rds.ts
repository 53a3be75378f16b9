/**
 * RDS instance price catalogue for rightsizing: the on-demand list price per hour of DB instance
 * classes, read from `data/rds/instance-prices.csv` (RDS for MySQL, Single-AZ, us-east-1;
 * provenance and caveats in `data/rds/README.md`).
 */
import { readFileSync } from 'node:fs';
import { priceCsvError, readPriceCsv } from './price-csv.ts';
import { packagePath } from '../lib/package-root.ts';

/** Where the shipped catalogue lives. */
export const DEFAULT_RDS_CATALOGUE_PATH = packagePath('data/rds/instance-prices.csv');

/** Where a recommendation says its RDS prices come from. */
export const RDS_PRICE_SOURCE = 'data/rds/instance-prices.csv (RDS for MySQL Single-AZ list prices, see data/rds/README.md)';

/** One class's price in one region, engine and deployment. */
export interface RdsPrice {
  instanceClass: string;
  engine: string;
  deployment: string;
  region: string;
  priceHourly: number;
  basis: string;
}

const COLUMNS = ['instance_class', 'engine', 'deployment', 'region', 'price_hourly', 'basis'] as const;

/** A loaded RDS price catalogue. */
export class RdsCatalogue {
  private readonly byKey = new Map<string, RdsPrice>();

  constructor(readonly prices: readonly RdsPrice[]) {
    for (const p of prices) this.byKey.set(`${p.instanceClass}|${p.region}`, p);
  }

  /** The price of `instanceClass` (e.g. `db.m5.large`) in `region`, or undefined when not catalogued. */
  price(instanceClass: string, region: string | null): RdsPrice | undefined {
    return region === null ? undefined : this.byKey.get(`${instanceClass.trim().toLowerCase()}|${region}`);
  }
}

const HINT = 'Fix the row (columns and sources: data/rds/README.md).';

/** Parses the catalogue CSV; a malformed row is an input error naming the line and the column. */
export function parseRdsCatalogue(text: string, source = 'instance-prices.csv'): RdsCatalogue {
  const seen = new Set<string>();
  const prices = readPriceCsv(text, source, COLUMNS, HINT).map(({ line, region, basis, cell }) => {
    const fail = (message: string) => priceCsvError(source, line, message, HINT);
    const instanceClass = cell('instance_class');
    if (!/^db\.[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceClass)) throw fail(`instance_class "${instanceClass}" is not a DB instance class (db.family.size)`);
    const price = cell('price_hourly');
    const priceHourly = Number(price);
    if (price === '' || !Number.isFinite(priceHourly) || priceHourly <= 0) throw fail(`price_hourly "${price}" is not a positive number`);
    if (seen.has(`${instanceClass}|${region}`)) throw fail(`${instanceClass} in ${region} is listed twice`);
    seen.add(`${instanceClass}|${region}`);
    return { instanceClass, engine: cell('engine'), deployment: cell('deployment'), region, priceHourly, basis };
  });
  return new RdsCatalogue(prices);
}

/** Loads the shipped catalogue (or `path`). */
export function loadRdsCatalogue(path: string = DEFAULT_RDS_CATALOGUE_PATH): RdsCatalogue {
  return parseRdsCatalogue(readFileSync(path, 'utf8'), path);
}
