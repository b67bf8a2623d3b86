/**
 * Pair plot (scatter matrix): every pair of the given numeric columns as a small scatter plot,
 * via Vega-Lite's `repeat`. Rows are passed as records because Vega-Lite's data model is row
 * based; callers downsample large data first (see `src/eda/sample.ts`).
 */
import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type ChartOptions } from './options.js';

export interface ScatterMatrixOptions extends ChartOptions {
  /** Optional categorical field to colour points by. */
  readonly color?: string;
  /** Cell size in pixels (each cell is square). */
  readonly cellSize?: number;
}

/** Scatter matrix of `columns` over `rows` (one record per point). */
export function scatterMatrixSpec(
  rows: readonly Readonly<Record<string, number | string | null>>[],
  columns: readonly string[],
  options: ScatterMatrixOptions = {},
): TopLevelSpec {
  const size = options.cellSize ?? 100;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? `Pair plot of ${columns.join(', ')}`,
    description: options.description ?? `Scatter matrix of ${columns.join(', ')}`,
    data: { values: rows as Record<string, number | string | null>[] },
    repeat: { row: [...columns], column: [...columns] },
    spec: {
      width: size,
      height: size,
      mark: { type: 'point', filled: true, size: 10, opacity: 0.45 },
      encoding: {
        x: { field: { repeat: 'column' }, type: 'quantitative', scale: { zero: false } },
        y: { field: { repeat: 'row' }, type: 'quantitative', scale: { zero: false } },
        ...(options.color ? { color: { field: options.color, type: 'nominal' as const } } : {}),
      },
    },
  };
}
