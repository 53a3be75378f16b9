/** What the month-end forecast needs of the store, in the words of its refusal on a store without daily usage (`costlens forecast` and the query API). */
export const FORECAST_NEED = "the forecast projects the month's usage from its daily run-rate, so it needs";
