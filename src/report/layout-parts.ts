/**
 * The parts a report layout is made of (src/report/layout.ts): sections and their tables. Kept
 * apart so that section builders (savings, commitments) and the layout can share them without
 * importing each other.
 */
/** A link under a section: what it opens, and where. */
export interface SectionLink {
  text: string;
  href: string;
}

/** A table of formatted cells; `numeric` columns align right. */
export interface LayoutTable {
  columns: string[];
  numeric: boolean[];
  rows: string[][];
  /** A last row set apart (totals). */
  footer?: string[];
  /** A column printed on its own line under each row (long evidence), not as a column. */
  detail?: number;
  /** A link per row (the row's own page): in HTML its cell of `linkColumn` links there; the text part prints the address under the row. */
  links?: SectionLink[];
  /** The column whose cell is the link, the one that names what the link opens (default the first). */
  linkColumn?: number;
}

/** One section: a title, paragraphs, an optional chart (by name), tables, notes in small print, and a link to its dashboard page. */
export interface LayoutSection {
  id: string;
  title: string;
  paragraphs: string[];
  chart?: string;
  tables: LayoutTable[];
  notes: string[];
  /** The matching dashboard page (only with a public URL). */
  link?: SectionLink;
}
