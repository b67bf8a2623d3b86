/**
 * Correlation heatmap: a square grid of coloured cells with the coefficient printed in each,
 * on a diverging scale fixed to [−1, 1] so Pearson and Spearman maps are comparable at a glance.
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame, type ChartOptions } from './options.js';

export interface HeatmapInput {
  readonly columns: readonly string[];
  /** values[i][j]; null cells are shown empty. */
  readonly values: readonly (readonly (number | null)[])[];
}

/** Heatmap of a symmetric correlation matrix. */
export function correlationHeatmapSpec(m: HeatmapInput, options: ChartOptions = {}): TopLevelSpec {
  const cells: { row: string; col: string; r: number | null }[] = [];
  m.columns.forEach((row, i) => m.columns.forEach((col, j) => cells.push({ row, col, r: m.values[i][j] })));
  const side = Math.max(160, 48 * m.columns.length);
  const order = [...m.columns];
  return {
    ...frame(options, { width: side, height: side, title: 'Correlation' }),
    data: { values: cells },
    encoding: {
      x: { field: 'col', type: 'nominal', sort: order, title: null, axis: { labelAngle: -40 } },
      y: { field: 'row', type: 'nominal', sort: order, title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'r', type: 'quantitative', title: 'r', scale: { domain: [-1, 1], scheme: 'redblue', reverse: true } },
          tooltip: [
            { field: 'row', type: 'nominal' },
            { field: 'col', type: 'nominal' },
            { field: 'r', type: 'quantitative', format: '.3f' },
          ],
        },
      },
      {
        // Undefined coefficients (constant column) get no label rather than a formatted "0.00".
        transform: [{ filter: 'isValid(datum.r)' }],
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'r', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
