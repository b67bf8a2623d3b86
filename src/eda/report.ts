/**
 * `buildEdaReport(frame)`: every statistic of the EDA report as one plain JSON object (what
 * `convopt eda --json` prints and `renderEdaHtml` draws). Pure and deterministic: the only
 * randomness, the pair-plot sample for large data, comes from the explicit seed.
 */
import type { Frame } from '../data/frame.js';
import { ID_COLUMNS } from '../data/schema.js';
import { boxStatsSorted, type BoxStats } from './boxplot.js';
import { sortedFinite } from './quantile.js';
import { correlationMatrix, type CorrelationMatrix } from './correlation.js';
import { sampleRows } from './sample.js';
import { segmentBreakdown, KPI_COLUMNS, type SegmentBreakdown } from './segments.js';
import { summarizeCategorical, summarizeSorted, type ColumnSummary } from './summary.js';

export const EDA_REPORT_VERSION = 1;

/** Grouping columns for segment KPIs, in report order, with display names. */
export const SEGMENT_COLUMNS: readonly { readonly column: string; readonly label: string }[] = [
  { column: 'xyz_campaign_id', label: 'campaign' },
  { column: 'age', label: 'age' },
  { column: 'gender', label: 'gender' },
  { column: 'interest', label: 'interest' },
];

export interface EdaOptions {
  /** Most points drawn in the pair plot; above it rows are sampled. Default 2,000. */
  readonly maxPairPoints?: number;
  /** Seed of the pair-plot sample. Default 42. */
  readonly seed?: number;
  /** Most outliers kept per box plot. Default 500. */
  readonly maxOutliers?: number;
  /** Where the data came from, shown in the report (e.g. the ingest report's source and hash). */
  readonly source?: { readonly label: string; readonly dataHash?: string; readonly rowsDropped?: number };
}

export interface PairPlotData {
  readonly columns: readonly string[];
  /** Field used to colour points, when the data has one. */
  readonly color: string | null;
  /** One record per drawn point. */
  readonly rows: readonly Record<string, number | string | null>[];
  readonly sampled: boolean;
  readonly totalRows: number;
  readonly seed: number;
}

export interface EdaReport {
  readonly version: number;
  readonly source: { readonly label: string; readonly dataHash: string | null; readonly rowsDropped: number | null };
  readonly rows: number;
  readonly columns: readonly string[];
  readonly summary: readonly ColumnSummary[];
  /** Numeric measure columns (not identifiers) used for box plots and correlations. */
  readonly measures: readonly string[];
  readonly boxPlots: readonly BoxStats[];
  readonly correlation: { readonly pearson: CorrelationMatrix; readonly spearman: CorrelationMatrix };
  readonly pairPlot: PairPlotData;
  readonly segments: readonly (SegmentBreakdown & { readonly label: string })[];
  /** Plain-language remarks for the reader (sampling, caveats of tests). */
  readonly notes: readonly string[];
}

const IDS = new Set<string>(ID_COLUMNS);

/** Builds the report data for a frame of ads (canonical columns; extra numeric columns are measures too). */
export function buildEdaReport(frame: Frame, options: EdaOptions = {}): EdaReport {
  const seed = options.seed ?? 42;
  const maxPairPoints = options.maxPairPoints ?? 2000;
  const notes: string[] = [];

  const measures = frame.names.filter((n) => frame.column(n).kind === 'numeric' && !IDS.has(n));
  // Each numeric column is sorted once and shared by its summary and its box plot.
  const sortedByName = new Map<string, Float64Array>();
  const summary: ColumnSummary[] = frame.names.map((name) => {
    const s = frame.column(name);
    if (s.kind === 'categorical') return summarizeCategorical(name, s.codes, s.levels);
    const sorted = sortedFinite(s.values);
    sortedByName.set(name, sorted);
    return summarizeSorted(name, sorted, s.values.length);
  });
  const boxPlots = measures.map((m) => boxStatsSorted(m, sortedByName.get(m)!, options.maxOutliers ?? 500)).filter((b): b is BoxStats => b !== null);
  for (const b of boxPlots) {
    if (b.outlierCount > b.outliers.length) notes.push(`Box plot of ${b.name} draws the ${b.outliers.length} most extreme of ${b.outlierCount} outliers.`);
  }

  const pairColumns = KPI_COLUMNS.filter((c) => frame.has(c) && frame.column(c).kind === 'numeric');
  const color = frame.has('gender') && frame.column('gender').kind === 'categorical' ? 'gender' : null;
  const sample = sampleRows(frame.nRows, maxPairPoints, seed);
  const pairRows: Record<string, number | string | null>[] = [];
  for (const i of sample.rows) {
    const rec: Record<string, number | string | null> = {};
    for (const c of pairColumns) rec[c] = frame.value(i, c);
    if (color) rec[color] = frame.value(i, color);
    pairRows.push(rec);
  }
  if (sample.sampled) notes.push(`The pair plot shows a uniform random sample of ${sample.rows.length.toLocaleString('en-US')} of ${frame.nRows.toLocaleString('en-US')} rows (seed ${seed}); all other figures use every row.`);

  const segments = SEGMENT_COLUMNS.filter((s) => frame.has(s.column)).map((s) => ({ ...segmentBreakdown(frame, s.column), label: s.label }));
  for (const s of segments) {
    for (const t of [s.conversionTest, s.approvalTest]) {
      if (t && t.smallExpectedShare > 0.2) {
        notes.push(`By ${s.label}: ${Math.round(t.smallExpectedShare * 100)}% of expected counts in the ${t.basis} test are below 5, so its p-value is approximate.`);
      }
    }
    if (s.conversionTest?.note) notes.push(`By ${s.label}: ${s.conversionTest.note}`);
  }

  return {
    version: EDA_REPORT_VERSION,
    source: { label: options.source?.label ?? 'in-memory table', dataHash: options.source?.dataHash ?? null, rowsDropped: options.source?.rowsDropped ?? null },
    rows: frame.nRows,
    columns: [...frame.names],
    summary,
    measures,
    boxPlots,
    correlation: { pearson: correlationMatrix(frame, measures, 'pearson'), spearman: correlationMatrix(frame, measures, 'spearman') },
    pairPlot: { columns: pairColumns, color, rows: pairRows, sampled: sample.sampled, totalRows: frame.nRows, seed },
    segments,
    notes,
  };
}
