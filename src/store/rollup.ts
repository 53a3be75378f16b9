/** A table that summarises line_items; its rows carry x_Source, x_BillingPeriod and x_IngestId. */
export interface Rollup {
  table: string;
  /** INSERT … SELECT over the lines of one ingest (`$ingest_id`). */
  insertIngest: string;
}
