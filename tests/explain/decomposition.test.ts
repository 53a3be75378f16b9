/**
 * The decomposition rules of `costlens explain`, on grains written by hand: volume at the old
 * rate, rate at the new quantity, new, gone and other, exact in 1e-10; in cents, every row's old
 * and new cost rounded once (half away from zero), its change their difference and its parts that
 * change by largest remainder, and the rest after the top rows what the total leaves after them
 * (the cents worked out by hand in the comments); the columns a narrow terminal leaves out, and a
 * driver's resource as a reader names it. The spans compared: spans-compared.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { driversBy, restAfter, shareOfChange, splitChange, type Grain } from '../../src/analyze/explain/drivers.ts';
import { shortResource } from '../../src/analyze/explain/usage.ts';
import { driversTable, hiddenPartsNote } from '../../src/cli/explain-output.ts';
import { hiddenColumns, renderTable } from '../../src/lib/table.ts';

const U = 10n ** 10n; // store units per currency unit
const money = (text: string) => BigInt(Math.round(Number(text) * 1e6)) * 10_000n; // hand figures have ≤ 6 decimals

function grain(over: Partial<Grain>): Grain {
  return {
    chargeClass: 'usage', service: 'Amazon EC2', usageType: 'BoxUsage:m5.large', resource: 'i-a', account: '111', accountName: 'prod', region: 'us-east-1', team: 'payments', unit: 'Hrs',
    oldLines: 1, oldCost: 0n, oldQuantity: 0n, newLines: 1, newCost: 0n, newQuantity: 0n, ...over,
  };
}

describe('explain: a grain\'s change in parts', () => {
  it('volume is the quantity change at the old rate, rate the price change at the new quantity: 100 h at 0.10 → 150 h at 0.12 is 5.00 + 3.00', () => {
    const parts = splitChange(grain({ oldCost: 10n * U, oldQuantity: 100n * U, newCost: 18n * U, newQuantity: 150n * U }));
    expect(parts).toEqual({ volume: 5n * U, rate: 3n * U, new: 0n, gone: 0n, other: 0n });
  });

  it('absent before is new, absent after is gone, no quantity on either side is other', () => {
    expect(splitChange(grain({ oldLines: 0, newCost: 7n * U, newQuantity: 3n * U }))).toEqual({ volume: 0n, rate: 0n, new: 7n * U, gone: 0n, other: 0n });
    expect(splitChange(grain({ newLines: 0, oldCost: 4n * U, oldQuantity: 2n * U }))).toEqual({ volume: 0n, rate: 0n, new: 0n, gone: -4n * U, other: 0n });
    expect(splitChange(grain({ chargeClass: 'tax', oldCost: 4n * U, newCost: 5n * U }))).toEqual({ volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 1n * U });
  });

  it('volume is rounded to the store\'s 1e-10 and rate takes the rest, so the parts add up exactly: 3 h for 1.00 → 4 h for 1.00', () => {
    const parts = splitChange(grain({ oldCost: 1n * U, oldQuantity: 3n * U, newCost: 1n * U, newQuantity: 4n * U }));
    expect(parts.volume).toBe(3333333333n); // 1 h × 1/3, half away from zero at 1e-10
    expect(parts.rate).toBe(-3333333333n);
    expect(parts.volume + parts.rate).toBe(0n);
  });
});

describe('explain: every row in cents reads as a sum, and the rows with the rest add up to the total', () => {
  // Three resources each up by a third of a cent, one gone by 0.005, one new by 0.004, tax up by 1.00:
  // old 3 + 0.005 + 2 = 5.005, new 3.009999 + 0.004 + 3 = 6.013999, change exactly 1.008999.
  const third = money('0.003333');
  const grains = [
    grain({ resource: 'i-a', oldCost: 1n * U, oldQuantity: 1n * U, newCost: 1n * U + third, newQuantity: 1n * U }),
    grain({ resource: 'i-b', oldCost: 1n * U, oldQuantity: 1n * U, newCost: 1n * U + third, newQuantity: 1n * U }),
    grain({ resource: 'i-c', oldCost: 1n * U, oldQuantity: 1n * U, newCost: 1n * U + third, newQuantity: 1n * U }),
    grain({ resource: 'i-d', newLines: 0, oldCost: money('0.005'), oldQuantity: 1n * U }),
    grain({ resource: 'i-e', usageType: 'DataTransfer-Out-Bytes', unit: 'GB', oldLines: 0, newCost: money('0.004'), newQuantity: 1n * U }),
    grain({ chargeClass: 'tax', service: 'Tax', usageType: '(none)', resource: '(none)', unit: '', oldCost: 2n * U, newCost: 3n * U }),
  ];
  const cents = (oldCost: bigint, newCost: bigint, change: bigint, parts: Partial<Record<'volume' | 'rate' | 'new' | 'gone' | 'other', bigint>> = {}) => ({
    volume: 0n, rate: 0n, new: 0n, gone: 0n, other: 0n, ...parts, change, oldCost, newCost,
  });

  it('the total: 5.005 → 6.013999 shows 5.01 → 6.01, so its change is 1.00 (not 1.008999 rounded alone, 1.01), split as rate 0.01, gone −0.01, other 1.00', () => {
    const set = driversBy(grains, ['service', 'usage_type', 'resource']);
    expect([set.oldCost, set.newCost]).toEqual([5n * U + money('0.005'), 6n * U + 3n * third + money('0.004')]);
    expect(set.change).toBe(1n * U + 3n * third - money('0.005') + money('0.004'));
    // Each rounded once, half away from zero: 5.005 → 5.01, 6.013999 → 6.01.
    expect([set.oldCents, set.newCents, set.changeCents]).toEqual([501n, 601n, 100n]);
    // The exact parts in cents are volume 0, rate 0.9999, new 0.4, gone −0.5, other 100: floors 0, 0, 0, −1, 100
    // leave 1 cent, to the largest remainder (rate .9999 before gone .5 and new .4); volume, exactly 0, takes none.
    expect(set.partCents).toEqual({ volume: 0n, rate: 1n, new: 0n, gone: -1n, other: 100n });
  });

  it('each driver rounds its own old and new cost once; its change is their difference, its parts that change by largest remainder', () => {
    const set = driversBy(grains, ['service', 'usage_type', 'resource']);
    expect(set.drivers.map((d) => [d.chargeClass, d.key.resource])).toEqual([['tax', '(none)'], ['usage', 'i-d'], ['usage', 'i-e'], ['usage', 'i-a'], ['usage', 'i-b'], ['usage', 'i-c']]);
    expect(set.drivers.map((d) => d.cents)).toEqual([
      cents(200n, 300n, 100n, { other: 100n }), // tax: 2.00 → 3.00
      cents(1n, 0n, -1n, { gone: -1n }), // i-d: 0.005 → 0.01 old, gone: −0.01
      cents(0n, 0n, 0n), // i-e: new 0.004 → 0.00, so nothing to show
      cents(100n, 100n, 0n), // i-a, i-b, i-c: 1.00 → 1.003333, both 1.00
      cents(100n, 100n, 0n),
      cents(100n, 100n, 0n),
    ]);
    // Rounded one by one the rows show 5.01 → 6.00, change 0.99: a cent short of the total's 1.00.
    expect(set.drivers.reduce((s, d) => s + d.cents.change, 0n)).toBe(99n);
  });

  it('the rest after the top N drivers is the total less them in every column; with every driver listed it is the rows\' rounding', () => {
    const set = driversBy(grains, ['service', 'usage_type', 'resource']);
    // After tax and i-d: 5.01 − 2.00 − 0.01 = 3.00 → 6.01 − 3.00 − 0.00 = 3.01, change 1.00 − 1.00 + 0.01 = 0.01 (rate 0.01 − 0 = 0.01, gone −0.01 + 0.01 = 0).
    expect(restAfter(set, 2)).toEqual({ drivers: 4, change: 3n * third + money('0.004'), cents: cents(300n, 301n, 1n, { rate: 1n }) });
    // All six listed: 5.01 − 5.01 = 0.00 → 6.01 − 6.00 = 0.01, change 0.01, in rate: the cent the rows lose rounded one by one.
    expect(restAfter(set, 6)).toEqual({ drivers: 0, change: 0n, cents: cents(0n, 1n, 1n, { rate: 1n }) });
    expect(restAfter(set, 0)).toEqual({ drivers: 6, change: set.change, cents: cents(501n, 601n, 100n, { rate: 1n, gone: -1n, other: 100n }) });
  });

  it('a coarser level sums its grains\' parts (volume is never measured across units), with the same total', () => {
    const byService = driversBy(grains, ['service']);
    const ec2 = byService.drivers.find((d) => d.key.service === 'Amazon EC2')!;
    expect(ec2.parts).toEqual({ volume: 0n, rate: 3n * third, new: money('0.004'), gone: -money('0.005'), other: 0n });
    // EC2: 3.005 → 3.013999 shows 3.01 → 3.01, change 0.00 (its resources, rounded one by one, showed −0.01 together).
    // Its parts in cents, rate 0.9999, new 0.4, gone −0.5, floor to 0, 0, −1: the cent left goes to rate, the largest remainder.
    expect(ec2.cents).toEqual(cents(301n, 301n, 0n, { rate: 1n, gone: -1n }));
    expect(byService.partCents).toEqual({ volume: 0n, rate: 1n, new: 0n, gone: -1n, other: 100n });
    // Tax and EC2 rounded one by one add up to the total here: nothing is left for a rounding line.
    expect(byService.drivers.map((d) => d.chargeClass)).toEqual(['tax', 'usage']);
    expect(restAfter(byService, 2).cents).toEqual(cents(0n, 0n, 0n));
  });

  it('a row\'s parts share its shown change by largest remainder, one cent each when it takes that many: 0.004 → 0.016 shows 0.00 → 0.02, volume 0.01 + rate 0.01', () => {
    // 1 h for 0.004 → 2 h for 0.016: volume 1 h × 0.004 = 0.004, rate 0.016 − 0.004 − 0.004 = 0.008.
    const set = driversBy([grain({ oldCost: money('0.004'), oldQuantity: 1n * U, newCost: money('0.016'), newQuantity: 2n * U })], ['resource']);
    expect(set.drivers[0].parts).toEqual({ volume: money('0.004'), rate: money('0.008'), new: 0n, gone: 0n, other: 0n });
    // Floors 0 and 0 leave the 2 cents of 0.02 − 0.00: one to each (each part rounded alone would show 0.00 + 0.01).
    expect(set.drivers[0].cents).toEqual(cents(0n, 2n, 2n, { volume: 1n, rate: 1n }));
    expect([set.oldCents, set.newCents, set.changeCents, set.partCents]).toEqual([0n, 2n, 2n, { volume: 1n, rate: 1n, new: 0n, gone: 0n, other: 0n }]);
  });

  it('shares are of the exact net change, one decimal: −443.7785308 of −559.1561634111 (shown −443.77 of −559.15) is 79.4 %', () => {
    expect(shareOfChange(-4437785308000n, -5591561634111n)).toBe(79.4);
    expect(shareOfChange(3888842518000n, -5591561634111n)).toBe(-69.5);
    expect(shareOfChange(1n, 0n)).toBeNull();
  });
});

describe('explain on a narrow terminal: what explains a row is left out last, and the output says what is', () => {
  // Five resources, one moving in each way but other: 'fn-new' new 8.00 (the Lambda function of the review, whose new part a
  // narrow terminal hid while its volume and rate showed $0.00), 'fn-b' new 6.00, 'i-gone' gone −10.00, 'i-rate' 1 h at 1.00
  // → 1 h at 10.00 (rate 9.00), 'i-vol' 1 h at 1.00 → 3 h at 3.00 (volume 2.00). No fee, so other is 0.00 in every row.
  const set = driversBy([
    grain({ resource: 'fn-new', oldLines: 0, newCost: 8n * U, newQuantity: 1n * U }),
    grain({ resource: 'fn-b', oldLines: 0, newCost: 6n * U, newQuantity: 1n * U }),
    grain({ resource: 'i-gone', newLines: 0, oldCost: 10n * U, oldQuantity: 1n * U }),
    grain({ resource: 'i-rate', oldCost: 1n * U, oldQuantity: 1n * U, newCost: 10n * U, newQuantity: 1n * U }),
    grain({ resource: 'i-vol', oldCost: 1n * U, oldQuantity: 1n * U, newCost: 3n * U, newQuantity: 3n * U }),
  ], ['resource']);
  const table = driversTable(set, 10);

  it('drops first the parts at $0.00 in every row listed, then old_cost and new_cost, then the parts moving the fewest rows (of as many, the fewest cents)', () => {
    // Rows moved: other none; volume, rate and gone one each (2.00, 9.00, 10.00); new two (14.00). It was old_cost, new_cost,
    // other, new, gone, rate, volume: new went before any part that moved fewer rows.
    expect(table.optional).toEqual(['other', 'old_cost', 'new_cost', 'volume', 'rate', 'gone', 'new']);
    expect(set.drivers.map((d) => [d.key.resource, d.cents.change])).toEqual([['i-gone', -1000n], ['i-rate', 900n], ['fn-new', 800n], ['fn-b', 600n], ['i-vol', 200n]]);
  });

  it('a terminal too narrow for four of the columns keeps new (rows 3 and 4), and says which rows the parts left out move', () => {
    const wide = renderTable(table, 'table').split('\n')[0].length;
    // other (5 wide: `other`, `$0.00`), old_cost and new_cost (8 each: `old_cost`, `$12.00`), volume (6: `volume`), each with its 2-space gap.
    const width = wide - (5 + 2) - (8 + 2) - (8 + 2) - (6 + 2);
    const hidden = hiddenColumns(table, width);
    // It left out old_cost, new_cost, other and new: the row of fn-new read $8.00 of change with volume, rate and gone $0.00.
    expect(hidden).toEqual(['other', 'old_cost', 'new_cost', 'volume']);
    const lines = renderTable(table, 'table', { width }).split('\n');
    expect(lines[0].split(/ +/)).toEqual(['rank', 'charge_class', 'resource', 'change', 'rate', 'new', 'gone', 'share_pct']);
    expect(lines.find((l) => l.includes('fn-new'))!.split(/ +/)).toEqual(['', '3', 'usage', 'fn-new', '$8.00', '$0.00', '$8.00', '$0.00', '53.3']);
    expect(lines).toContain('(6 rows; 4 columns not shown: --wide shows them)'); // their names would not fit this width: the note below names the parts
    expect(hiddenPartsNote(table, hidden)).toBe('Parts not shown (volume) move row 5 and the total: there the parts shown do not add up to the change; --wide shows them.');
    expect(hiddenPartsNote(table, [...hidden, 'rate'])).toBe('Parts not shown (volume, rate) move rows 2 and 5 and the total: there the parts shown do not add up to the change; --wide shows them.');
    // Nothing to say when every part moving a row is shown, or when no part is (no row then reads as a sum of parts).
    expect(hiddenPartsNote(table, ['other', 'old_cost', 'new_cost'])).toBeNull();
    expect(hiddenPartsNote(table, ['other', 'old_cost', 'new_cost', 'volume', 'rate', 'gone', 'new'])).toBeNull();
  });
});

describe('explain: a driver\'s resource as a reader names it', () => {
  it('an ARN by its last part, a resource path (FOCUS from Azure) by its last segment, any other id as it is', () => {
    expect(shortResource('arn:aws:ec2:us-east-1:123456789012:natgateway/nat-00ab12')).toBe('nat-00ab12');
    expect(shortResource('arn:aws:sqs:eu-west-1:123456789012:checkout-prod-order-events')).toBe('checkout-prod-order-events');
    expect(shortResource('/subscriptions/73c0021f/resourcegroups/fiscalfusion/providers/microsoft.compute/disks/fiscalfusion-3_osdisk_1')).toBe('fiscalfusion-3_osdisk_1');
    expect(shortResource('i-021f2eb49063f9a1')).toBe('i-021f2eb49063f9a1');
  });
});

describe('explain\'s terminal table names a driver\'s resource as the Overview does; csv and --wide keep the whole id', () => {
  it('arn:aws:lambda:…:function:checkout-prod-order-events reads checkout-prod-order-events; i-a stays i-a', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:checkout-prod-order-events';
    const set = driversBy([
      grain({ resource: arn, oldCost: 1n * U, oldQuantity: 1n * U, newCost: 3n * U, newQuantity: 3n * U }),
      grain({ resource: 'i-a', oldCost: 2n * U, oldQuantity: 1n * U, newCost: 1n * U, newQuantity: 1n * U }),
    ], ['resource']);
    const resources = (table: { columns: string[]; rows: (string | null)[][] }) => table.rows.slice(0, 2).map((r) => r[table.columns.indexOf('resource')]);
    expect(resources(driversTable(set, 5, { shortResources: true }))).toEqual(['checkout-prod-order-events', 'i-a']);
    expect(resources(driversTable(set, 5))).toEqual([arn, 'i-a']);
  });
});
