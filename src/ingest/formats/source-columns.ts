import { quoteIdentifier } from '../../lib/sql-quote.ts';

/**
 * The columns one source file offers, addressed by a canonical name. Mappings ask for a
 * canonical column and get the file's quoted column, or NULL when the file lacks it.
 */
export class SourceColumns {
  private readonly byCanonical = new Map<string, string>();
  readonly used = new Set<string>();

  constructor(entries: Iterable<[canonical: string, actual: string]>) {
    for (const [canonical, actual] of entries) if (!this.byCanonical.has(canonical)) this.byCanonical.set(canonical, actual);
  }

  has(canonical: string): boolean {
    return this.byCanonical.has(canonical);
  }

  /** The quoted source column for a canonical name, or `NULL`. */
  ref(canonical: string): string {
    const actual = this.byCanonical.get(canonical);
    if (actual === undefined) return 'NULL';
    this.used.add(actual);
    return quoteIdentifier(actual);
  }

  /** A text column with empty strings read as NULL. */
  text(canonical: string): string {
    const ref = this.ref(canonical);
    return ref === 'NULL' ? 'CAST(NULL AS VARCHAR)' : `NULLIF(CAST(${ref} AS VARCHAR), '')`;
  }

  /** The first of several canonical columns the file has, as text. */
  firstText(...canonicals: string[]): string {
    const present = canonicals.filter((c) => this.has(c)).map((c) => this.text(c));
    if (present.length === 0) return 'CAST(NULL AS VARCHAR)';
    return present.length === 1 ? present[0] : `COALESCE(${present.join(', ')})`;
  }

  /** Marks a source column as consumed (e.g. a tag column folded into the Tags map). */
  markUsed(actual: string): void {
    this.used.add(actual);
  }

  /** Source columns that no mapping read: recorded in the ingest record as ignored. */
  unused(allActual: string[]): string[] {
    return allActual.filter((name) => !this.used.has(name));
  }
}

/**
 * Converts a legacy CUR CSV header (`lineItem/UnblendedCost`, `reservation/ReservationARN`) to
 * the snake_case name AWS uses for the same column in Athena and CUR 2.0
 * (`line_item_unblended_cost`, `reservation_reservation_a_r_n`).
 */
export function athenaColumnName(header: string): string {
  let out = '';
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    const previous = out[out.length - 1];
    if (ch >= 'A' && ch <= 'Z') {
      if (out.length > 0 && previous !== '_') out += '_';
      out += ch.toLowerCase();
    } else if (/[a-z0-9]/.test(ch)) {
      out += ch;
    } else if (out.length > 0 && previous !== '_') {
      out += '_';
    }
  }
  return out.replace(/_+$/, '');
}
