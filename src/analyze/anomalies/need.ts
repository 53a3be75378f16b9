/** What anomalies need of the store, in the words of their refusal on a store without daily usage (`costlens anomalies` and the query API). */
export const ANOMALIES_NEED = "anomalies compare each day's usage with the median of its trailing days, so they need";
