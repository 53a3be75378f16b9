/**
 * The month section's row: the forecast and its band are `costlens forecast`'s totals rounded once
 * to the cent, and the projection is what the forecast shown adds to the month to date shown.
 * Rounding the parts instead (the month to date, then the rest) can print a total a cent off the CLI's.
 */
import { describe, expect, it } from 'vitest';
import { toUnits } from '../../src/lib/money.ts';
import { shownForecast } from '../../src/report/month.ts';

describe('shownForecast', () => {
  it('rounds each total once and derives the projection: 60.004 to date, 70.008 forecast → $60.00 + $10.01 = $70.01', () => {
    // Rounded by parts: 60.00 + round(10.004) = 70.00 for the forecast, 60.00 + round(5.002) = 65.00 for the low edge.
    const row = shownForecast(6000n, { forecast: toUnits('70.008'), low: toUnits('65.006'), high: toUnits('75.0049999999') });
    expect(row).toEqual({ mtd: 6000n, projected: 1001n, forecast: 7001n, low: 6501n, high: 7500n });
  });

  it('rounds half away from zero, credits included', () => {
    expect(shownForecast(-500n, { forecast: toUnits('-4.995'), low: toUnits('-5.005'), high: toUnits('-4.994') })).toEqual({ mtd: -500n, projected: 0n, forecast: -500n, low: -501n, high: -499n });
  });
});
