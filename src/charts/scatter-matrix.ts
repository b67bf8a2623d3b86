/**
 * Pair plot (scatter matrix), as seaborn draws it: every pair of the given numeric columns as a small
 * scatter plot, and each column's own distribution (a histogram, stacked by the colour field) on the
 * diagonal, where a scatter of a column against itself would only draw a line. Built as a grid of
 * cells (`concat` with `columns`, aligned on the plot areas) because Vega-Lite's `repeat` cannot
 * change the mark on the diagonal. Axis titles sit on the outer cells only. Rows are passed as records because Vega-Lite's data model
 * is row based; callers downsample large data first (see `src/eda/sample.ts`).
 */
import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type ChartOptions } from './options.js';

export interface ScatterMatrixOptions extends ChartOptions {
  /** Optional categorical field to colour points (and stack the histograms) by. */
  readonly color?: string;
  /** Cell size in pixels (each cell is square). */
  readonly cellSize?: number;
  /** Histogram bins on the diagonal at most (default 20). */
  readonly maxBins?: number;
}

/** Scatter matrix of `columns` over `rows` (one record per point), histograms on the diagonal. */
export function scatterMatrixSpec(
  rows: readonly Readonly<Record<string, number | string | null>>[],
  columns: readonly string[],
  options: ScatterMatrixOptions = {},
): TopLevelSpec {
  const size = options.cellSize ?? 100;
  const color = options.color ? { color: { field: options.color, type: 'nominal' as const } } : {};
  const last = columns.length - 1;
  // Large magnitudes get SI labels (3M, not 3,000,000), so a cell's labels stay inside its width.
  const big = new Set(columns.filter((col) => rows.some((row) => typeof row[col] === 'number' && Math.abs(row[col]) >= 10_000)));
  const format = (col: string) => (big.has(col) ? { format: '~s' } : {});
  const cell = (x: string, y: string, r: number, c: number) => {
    // Only the bottom row labels x and only the left column labels y, as in seaborn's pair plot: a
    // column's cells share their x variable (and a row's its y), and inner labels would collide.
    const outerX = r === last;
    const outerY = c === 0;
    const xAxis = { title: outerX ? x : null, labels: outerX, ticks: outerX, tickCount: 4, labelOverlap: true, ...format(x) };
    const yAxis = (title: string, col: string | null) => ({ title: outerY ? title : null, labels: outerY, ticks: outerY, tickCount: 4, ...(col ? format(col) : {}) });
    if (x === y) {
      return {
        width: size,
        height: size,
        mark: { type: 'bar' as const, opacity: 0.75 },
        encoding: {
          x: { field: x, type: 'quantitative' as const, bin: { maxbins: options.maxBins ?? 20 }, axis: xAxis },
          y: { aggregate: 'count' as const, type: 'quantitative' as const, axis: yAxis(`${y} (count)`, null) },
          ...color,
        },
      };
    }
    return {
      width: size,
      height: size,
      mark: { type: 'point' as const, filled: true, size: 10, opacity: 0.45 },
      encoding: {
        x: { field: x, type: 'quantitative' as const, scale: { zero: false }, axis: xAxis },
        y: { field: y, type: 'quantitative' as const, scale: { zero: false }, axis: yAxis(y, y) },
        ...color,
      },
    };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? `Pair plot of ${columns.join(', ')}`,
    description: options.description ?? `Scatter matrix of ${columns.join(', ')} with each column's histogram on the diagonal`,
    data: { values: rows as Record<string, number | string | null>[] },
    // A grid aligned on the plot areas ('flush' bounds): axis labels of different widths do not
    // shift the columns out of line.
    columns: columns.length,
    align: 'all',
    bounds: 'flush',
    spacing: 6,
    concat: columns.flatMap((y, r) => columns.map((x, c) => cell(x, y, r, c))),
  };
}
