/**
 * A store of whole monthly bills whose latest bill (November 2018) is not invoiced yet: its billing
 * data still runs to that bill's last day. Its lines all start on 1 Nov (they span the month), and a
 * refusal of days after the data named "2018-10-01 to 2018-11-01", as if November held one day;
 * the invoiced store says "to 2018-11-30" for the same bills.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { monthlyStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';

const refusal = (lastComplete: string) => `costlens: --period 2018-12 (2018-12-01 to 2018-12-31) is outside the billing data in the store (2018-10-01 to 2018-11-30)\n`
  + `  hint: give a period from 2018-10 to 2018-11, or leave --period out for ${lastComplete}\n`;

describe('days after the billing data, on stores of monthly bills', () => {
  let stores: { invoiced: string; notInvoiced: string };

  beforeAll(async () => {
    stores = { invoiced: (await monthlyStore()).db, notInvoiced: (await monthlyStoreNovNotInvoiced()).db };
  }, 300_000);

  it.each(['commitments', 'invoice', 'attribute --tag cost_center'])('%s --period 2018-12 names the data through 30 Nov 2018, November invoiced or not', async (command) => {
    const args = [...command.split(' '), '--period', '2018-12'];
    const [invoiced, notInvoiced] = [await costlens(stores.invoiced, ...args), await costlens(stores.notInvoiced, ...args)];
    expect([invoiced.code, invoiced.stdout, invoiced.stderr]).toEqual([2, '', refusal('2018-11')]);
    expect([notInvoiced.code, notInvoiced.stdout, notInvoiced.stderr]).toEqual([2, '', refusal('2018-10')]);
  });
});
