import type { TopLevelSpec } from 'vega-lite';

/**
 * The report's vocabulary: a producer (verify, gate, a script) describes what it has to show as
 * plain data; `writePage` renders it to one self-contained HTML file (inline SVG, no network).
 */

/** One plot: a Vega-Lite spec with inline data, rendered to SVG by `renderSvg`. */
export interface Figure {
  /** Stable id, unique on its page (used as the element id: letters, digits, '-', '_'). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences saying what the reader should see (the rate drawn, the bound, ...). */
  readonly caption?: string;
  readonly spec: TopLevelSpec;
}

/** A cell with a link (`href`: a page-relative URL or `#anchor`) and/or a hover text. */
export interface RichCell {
  readonly text: string;
  readonly href?: string;
  readonly title?: string;
}

/** A table cell: text, a number (rendered with 6 significant digits) or a rich cell. */
export type Cell = string | number | RichCell;

/** A table: a cell is text or a number (rendered with 6 significant digits). */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Element id of the table (letters, digits, '-', '_'); needed with `filters`. */
  readonly id?: string;
  /**
   * Columns the reader can filter the rows by: one drop-down per column listed, holding that
   * column's distinct values (a small inline script hides the rows that do not match).
   */
  readonly filters?: readonly string[];
}

export interface Section {
  readonly heading: string;
  /** Element id, so tables can link to the section (letters, digits, '-', '_', '.', '/'). */
  readonly id?: string;
  /** Paragraphs of plain text (escaped when rendered). */
  readonly text?: readonly string[];
  /** Preformatted blocks (command lines, inputs as fast-check prints them). */
  readonly code?: readonly string[];
  readonly table?: Table;
  readonly figures?: readonly Figure[];
  /** Rendered folded (`<details>`), e.g. one claim's particulars under the main table. */
  readonly collapsed?: boolean;
}

export interface ReportPage {
  /** File name inside the report directory, e.g. `rates.html` (index.html is the verify page). */
  readonly file: string;
  readonly title: string;
  /** Where the page's numbers came from: command line, seed, commit, date. */
  readonly provenance?: readonly string[];
  readonly sections: readonly Section[];
}

/**
 * The report directory every producer writes into by default: `ibh verify`'s output directory,
 * whose index.html links the other pages (rates, probes, the GD experiment, gate, real data).
 */
export const DEFAULT_REPORT_DIR = 'reports/out/verify';
