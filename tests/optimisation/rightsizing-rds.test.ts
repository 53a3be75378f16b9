import { describe, expect, it } from 'vitest';
import { loadRdsCatalogue, parseRdsCatalogue } from '../../src/catalogue/rds.ts';
import { rdsPricing } from '../../src/analyze/rightsizing/rds.ts';

/** RDS recommendations are priced from data/rds/instance-prices.csv where it lists both classes, else by the EC2 equivalent's ratio. */
describe('RDS pricing of a recommendation', () => {
  const rds = loadRdsCatalogue();

  it('the shipped catalogue: RDS for MySQL, Single-AZ, us-east-1 (db.m5.large 0.171, db.r5.large 0.24, db.t3.micro 0.017)', () => {
    expect(['db.m5.large', 'db.r5.large', 'db.t3.micro', 'db.t4g.medium'].map((c) => rds.price(c, 'us-east-1')?.priceHourly)).toEqual([0.171, 0.24, 0.017, 0.065]);
    expect(rds.prices.length).toBe(25);
    expect(rds.price('db.m5.large', 'eu-west-1')).toBeUndefined();
  });

  it('both classes catalogued: their prices; an EC2 price (an alternative family) scaled by current RDS / current EC2', () => {
    const p = rdsPricing(rds, 'rds', 'db.r5.2xlarge', 'us-east-1', 0.504, 'catalogue on-demand price, us-east-1', 'db.r5.large');
    expect([p.currentPrice, p.targetPrice, p.catalogueListRate, p.scale(0.1008)]).toEqual([0.96, 0.24, 0.96, (0.1008 / 0.504) * 0.96]);
    expect(p.basis).toBe('data/rds/instance-prices.csv (RDS for MySQL Single-AZ list prices, see data/rds/README.md), us-east-1; an alternative family by the EC2 equivalent\'s ratio');
  });

  it('a region or class the catalogue lacks: the EC2 equivalent\'s price and ratio, said so; EC2 instances keep their EC2 price', () => {
    const eu = rdsPricing(rds, 'rds', 'db.m5.2xlarge', 'eu-west-1', 0.428, 'catalogue on-demand price, eu-west-1', 'db.m5.large');
    expect([eu.currentPrice, eu.targetPrice, eu.catalogueListRate, eu.scale(0.107), eu.basis])
      .toEqual([0.428, null, null, 0.107, 'catalogue on-demand price, eu-west-1 of the EC2 equivalent (RDS scales with the same ratio)']);
    const ec2 = rdsPricing(rds, 'ec2', 'm5.2xlarge', 'us-east-1', 0.384, 'catalogue on-demand price, us-east-1', 'm5.large');
    expect([ec2.currentPrice, ec2.targetPrice, ec2.basis]).toEqual([0.384, null, 'catalogue on-demand price, us-east-1']);
  });

  it('terminate: the current class\'s price, no target', () => {
    const p = rdsPricing(rds, 'rds', 'db.t3.medium', 'us-east-1', 0.0416, 'catalogue on-demand price, us-east-1', null);
    expect([p.currentPrice, p.targetPrice, p.catalogueListRate]).toEqual([0.068, null, 0.068]);
  });

  it('a malformed row is an input error naming the line, with a hint', () => {
    expect(() => parseRdsCatalogue('instance_class,engine,deployment,region,price_hourly,basis\ndb.m5.large,mysql,single-az,us-east-1,free,x\n', 'prices.csv'))
      .toThrow(expect.objectContaining({ message: 'prices.csv line 2: price_hourly "free" is not a positive number', hint: 'Fix the row (columns and sources: data/rds/README.md).' }));
  });
});
