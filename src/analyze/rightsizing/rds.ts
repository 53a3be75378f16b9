/**
 * How an RDS recommendation is priced: from the RDS catalogue (data/rds/instance-prices.csv) when
 * it lists both the current and the recommended class in the instance's region, else from the EC2
 * equivalent's catalogue prices (RDS sizes of a family scale with the same ratio). EC2 instances
 * keep their EC2 prices.
 */
import { RDS_PRICE_SOURCE, type RdsCatalogue } from '../../catalogue/rds.ts';

/** The prices one recommendation uses. */
export interface RecommendationPricing {
  /** Hourly price of the current type or class. */
  currentPrice: number;
  /** Hourly price of the recommended class from the RDS catalogue; null when the EC2 price stands (or terminate). */
  targetPrice: number | null;
  /** An EC2-catalogue price turned into this basis (the alternative family, priced by the EC2 ratio). */
  scale(ec2Price: number): number;
  /** The RDS catalogue's price of the current class, for the list saving when the bill shows no list price. */
  catalogueListRate: number | null;
  basis: string;
}

/**
 * The pricing of one instance: `ec2Price` and `ec2Basis` are its EC2 (equivalent) catalogue
 * price and how it was chosen; `targetClass` is the recommended class (null for terminate).
 */
export function rdsPricing(catalogue: RdsCatalogue, service: string, instanceType: string, region: string | null, ec2Price: number,
  ec2Basis: string, targetClass: string | null): RecommendationPricing {
  const ec2 = (basis: string): RecommendationPricing => ({ currentPrice: ec2Price, targetPrice: null, scale: (p) => p, catalogueListRate: null, basis });
  if (service !== 'rds') return ec2(ec2Basis);
  const fallback = ec2(`${ec2Basis} of the EC2 equivalent (RDS scales with the same ratio)`);
  const current = catalogue.price(instanceType, region);
  const target = targetClass === null ? null : catalogue.price(targetClass, region);
  if (!current || target === undefined) return fallback;
  return {
    currentPrice: current.priceHourly,
    targetPrice: target?.priceHourly ?? null,
    scale: (p) => (p / ec2Price) * current.priceHourly,
    catalogueListRate: current.priceHourly,
    basis: `${RDS_PRICE_SOURCE}, ${region}; an alternative family by the EC2 equivalent's ratio`,
  };
}
