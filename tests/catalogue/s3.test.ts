/**
 * The shipped S3 price catalogue (data/s3/storage-prices.csv) loads, holds the us-east-1 list
 * prices its README cites, and a bad row is an error naming the file, the line and the column.
 */
import { describe, expect, it } from 'vitest';
import { loadS3Catalogue, parseS3Catalogue } from '../../src/catalogue/s3.ts';
import { CostlensError } from '../../src/errors.ts';

const HEADER = 'region,storage_class,gb_month,tier1_per_1000,tier2_per_1000,retrieval_per_gb,monitoring_per_1000_objects,min_storage_days,basis';

describe('S3 price catalogue', () => {
  it('the shipped file: us-east-1 Standard 0.023, Standard-IA 0.0125 (+0.01 a GB retrieved, 30 days minimum), Intelligent-Tiering 0.023 / 0.0125', () => {
    const catalogue = loadS3Catalogue();
    expect(catalogue.price('us-east-1', 'STANDARD')).toMatchObject({ gbMonth: 0.023, tier1Per1000: 0.005, tier2Per1000: 0.0004, retrievalPerGb: 0 });
    expect(catalogue.price('us-east-1', 'STANDARD_IA')).toMatchObject({ gbMonth: 0.0125, tier1Per1000: 0.01, tier2Per1000: 0.001, retrievalPerGb: 0.01, minStorageDays: 30 });
    expect(catalogue.price('us-east-1', 'INTELLIGENT_TIERING_INFREQUENT')).toMatchObject({ gbMonth: 0.0125, monitoringPer1000Objects: 0.0025 });
    expect(catalogue.price('us-east-1', 'DEEP_ARCHIVE')?.gbMonth).toBe(0.00099);
    expect(catalogue.price('eu-west-1', 'STANDARD')).toBeUndefined();
  });

  it('a bad row names the file, the line and the column, with a hint', () => {
    const bad = (row: string) => {
      try {
        parseS3Catalogue(`${HEADER}\n${row}\n`, 'prices.csv');
      } catch (error) {
        expect(error).toBeInstanceOf(CostlensError);
        return `${(error as CostlensError).message} | ${(error as CostlensError).hint}`;
      }
      throw new Error('no error');
    };
    expect(bad('us-east-1,STANDARD,free,0.005,0.0004,0,0,0,transcribed')).toBe(
      'prices.csv line 2: column gb_month: expected a decimal number of 0 or more (got "free") | Fix the row (columns and sources: data/s3/README.md).');
    expect(bad('us-east-1,STANDARD_IAX,0.0125,0.01,0.001,0.01,0,30,transcribed')).toContain('prices.csv line 2: column storage_class: expected one of STANDARD,');
    expect(bad('useast1,STANDARD,0.023,0.005,0.0004,0,0,0,transcribed')).toContain('column region');
  });
});
