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

const refusal = (lastComplete: string) => `costlens: --period 2018-12 (1–31 Dec 2018) is outside the billing data in the store (1 Oct – 30 Nov 2018)\n`
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

  it('status calls the bill not invoiced yet provisional whatever --today, as invoice calls it not complete (judged on 1 Jun 2019 it said "no", final)', async () => {
    const provisional = async (db: string) => (JSON.parse((await costlens(db, 'status', '--format', 'json', '--today', '2019-06-01')).stdout) as Record<string, string>[])
      .map((r) => [r.billingPeriod, r.provisional]);
    expect(await provisional(stores.invoiced)).toEqual([['2018-10', 'no'], ['2018-11', 'no']]);
    expect(await provisional(stores.notInvoiced)).toEqual([['2018-10', 'no'], ['2018-11', 'yes: not yet invoiced']]);
    const note = '2018-11: Nov 2018 not complete yet (2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change)';
    expect((await costlens(stores.notInvoiced, 'invoice', '--period', '2018-11')).stdout.trimEnd().split('\n').at(-1)).toBe(note);
    // The note reaches stderr for json as for csv (json printed none).
    for (const format of ['json', 'csv']) expect((await costlens(stores.notInvoiced, 'status', '--format', format, '--today', '2019-06-01')).stderr).toBe(`${note}\n`);
    const table = await costlens(stores.notInvoiced, 'status', '--today', '2019-06-01', '--wide');
    expect(table.stdout).toContain(`(costlens explain compares whole monthly bills).\n${note}\n\nOther tables`);
    expect((await costlens(stores.invoiced, 'status', '--today', '2019-06-01', '--wide')).stdout).toContain('(costlens explain compares whole monthly bills).\n\nOther tables');
  });
});
