/**
 * The words of a delivery that has ended are one family in src/analyze/ended-delivery.ts, in one date style
 * (`13 Nov 2023`): the clause after "Delivery ended:" (the e-mail, `costlens forecast`, budgets), the phrase inside a
 * sentence (comparisons, `anomalies`, the forecast's refusals). Before, `anomalies` said "its data ends on 2018-11-13"
 * of a delivery the same output called "ends on 13 Nov 2018", and the forecast's refusals built their own
 * "X, which ends on …; Y, which ends on …" (two deliveries untested).
 */
import { describe, expect, it } from 'vitest';
import { deliveryEndedClause, endedDeliveriesPhrase } from '../../src/analyze/ended-delivery.ts';
import { seriesEndedReason } from '../../src/analyze/anomalies/ended-series.ts';
import { endedOnlyToFit, tooFewDaysToFit } from '../../src/analyze/forecast/no-fit.ts';

const LEGACY = { firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', sources: ['aws/123412340534'] };
const CUR = { firstDay: '2018-10-01', lastDay: '2018-11-13', lastChargeDay: '2018-11-13', sources: ['aws/836060457634'] };

describe('the words of a delivery that has ended', () => {
  it('one clause for one and for two deliveries', () => {
    expect(deliveryEndedClause([LEGACY])).toBe('the data of aws/123412340534 ends on 13 Nov 2023, more than 7 days before the store\'s latest data (that delivery has ended)');
    expect(deliveryEndedClause([CUR, LEGACY])).toBe('the data of aws/836060457634 ends on 13 Nov 2018 and the data of aws/123412340534 ends on 13 Nov 2023, '
      + 'more than 7 days before the store\'s latest data (those deliveries have ended)');
  });

  it('anomalies name it in the phrase, its day as "13 Nov 2018" (it read "2018-11-13")', () => {
    expect(endedDeliveriesPhrase([CUR])).toBe('aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)');
    expect(seriesEndedReason(CUR)).toBe('its trailing days hold the data of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018, '
      + 'more than 7 days before the store\'s latest data)');
  });

  it('the forecast\'s refusals name each delivery in the same phrase, two of them joined by "and"', () => {
    expect(endedOnlyToFit([CUR, LEGACY], '2023-10-31', '2023-11-27', { provisionalDays: 3 }).message).toBe('no billing data to fit a run-rate on: from 2023-10-31 to 2023-11-27 only the data of '
      + 'aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018, more than 7 days before the store\'s latest data) and aws/123412340534, '
      + 'a delivery that has ended (its data ends on 13 Nov 2023, more than 7 days before the store\'s latest data), holds usage on a non-provisional day: '
      + 'their spend stopped arriving, so it is not projected');
    expect(tooFewDaysToFit(['2023-11-15', '2023-11-16'], '2023-10-20', '2023-11-16', [LEGACY], { fitDays: 28 }).message).toBe('too few days to fit a run-rate on: from 2023-10-20 '
      + 'to 2023-11-16 only 2 days (15–16 Nov 2023) hold billing data to fit, not counting the data of aws/123412340534, a delivery that has ended (its data ends on '
      + '13 Nov 2023), and a forecast needs at least 7: a line through fewer has no spread to make a band of and swings the month');
  });
});
