/** The shipped EBS price catalogue (data/ebs/volume-prices.csv): its shape, the us-east-1 list prices, and errors on bad rows. */
import { describe, expect, it } from 'vitest';
import { VOLUME_TYPES, loadVolumeCatalogue, parseVolumeCatalogue } from '../../src/catalogue/ebs.ts';

const HEADER = 'region,volume_type,gb_month,iops_month,iops_month_32k_to_64k,iops_month_over_64k,throughput_mibps_month,basis';

describe('EBS price catalogue', () => {
  const catalogue = loadVolumeCatalogue();
  const regions = [...new Set(catalogue.prices.map((p) => p.region))];

  it('prices gp2 and gp3 in 21 regions, gp3 cheaper than gp2 by 20 % in every one', () => {
    expect(regions).toHaveLength(21);
    for (const region of regions) {
      const gp2 = catalogue.price(region, 'gp2')!.gbMonth;
      const gp3 = catalogue.price(region, 'gp3')!.gbMonth;
      expect(Math.round((gp3 / gp2) * 1000) / 1000, region).toBe(0.8);
    }
    expect(catalogue.prices.every((p) => VOLUME_TYPES.includes(p.volumeType))).toBe(true);
  });

  it('has the us-east-1 list prices of the AWS EBS pricing page', () => {
    expect(catalogue.price('us-east-1', 'gp2')).toMatchObject({ gbMonth: 0.1, iopsMonth: null });
    expect(catalogue.price('us-east-1', 'gp3')).toMatchObject({ gbMonth: 0.08, iopsMonth: 0.005, throughputMonth: 0.04 });
    expect(catalogue.price('us-east-1', 'io1')).toMatchObject({ gbMonth: 0.125, iopsMonth: 0.065 });
    expect(catalogue.price('us-east-1', 'io2')).toMatchObject({ gbMonth: 0.125, iopsMonth: 0.065, iopsMonth32kTo64k: 0.046, iopsMonthOver64k: 0.032 });
    expect(catalogue.price('us-east-1', 'st1')?.gbMonth).toBe(0.045);
    expect(catalogue.price('us-east-1', 'sc1')?.gbMonth).toBe(0.015);
  });

  it('prices a volume per month: gp3 above 3,000 IOPS and 125 MiB/s, io2 IOPS in three tiers', () => {
    expect(catalogue.monthlyCost('us-east-1', 'gp3', 100)).toBeCloseTo(8, 10);
    expect(catalogue.monthlyCost('us-east-1', 'gp3', 100, 5000, 250)).toBeCloseTo(8 + 2000 * 0.005 + 125 * 0.04, 10);
    expect(catalogue.monthlyCost('us-east-1', 'io2', 10, 70000)).toBeCloseTo(1.25 + 32000 * 0.065 + 32000 * 0.046 + 6000 * 0.032, 10);
    expect(catalogue.monthlyCost('us-east-1', 'io1', 10, 70000)).toBeCloseTo(1.25 + 70000 * 0.065, 10);
    expect(catalogue.monthlyCost('xx-nowhere-1', 'gp2', 10)).toBeNull();
    expect(catalogue.monthlyCost('sa-east-1', 'io2', 10)).toBeNull();
  });

  it('names the line and column of a bad row', () => {
    expect(() => parseVolumeCatalogue(`${HEADER}\nus-east-1,gp4,0.1,,,,,transcribed\n`, 'prices.csv'))
      .toThrow('prices.csv line 2: column volume_type: expected one of gp2, gp3, io1, io2, st1, sc1 (got "gp4")');
    expect(() => parseVolumeCatalogue(`${HEADER}\nus-east-1,gp2,,,,,,transcribed\n`, 'prices.csv')).toThrow('prices.csv line 2: column gb_month is empty');
    expect(() => parseVolumeCatalogue(`${HEADER}\nus-east-1,gp2,0.1,,,,,x\nus-east-1,gp2,0.1,,,,,x\n`, 'prices.csv')).toThrow('line 3: duplicate row for gp2 in us-east-1');
    expect(() => parseVolumeCatalogue('region,volume_type\n', 'prices.csv')).toThrow('prices.csv line 1: missing column "gb_month"');
  });
});
