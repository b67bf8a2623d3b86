/**
 * Residual plot: residual (actual − predicted) against the prediction, with a zero line. A funnel
 * shape shows variance growing with the prediction (common for count targets such as conversions).
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame, type ChartOptions } from './options.js';

/** Residuals against predictions. */
export function residualPlotSpec(actual: ArrayLike<number>, predicted: ArrayLike<number>, options: ChartOptions = {}): TopLevelSpec {
  if (actual.length !== predicted.length) throw new RangeError(`actual has ${actual.length} values, predicted ${predicted.length}.`);
  const points = Array.from({ length: actual.length }, (_, i) => ({ predicted: predicted[i], residual: actual[i] - predicted[i] }));
  return {
    ...frame(options, { width: 360, height: 260, title: 'Residuals vs predicted' }),
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.5 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative' },
          y: { field: 'residual', type: 'quantitative', title: 'actual − predicted' },
          tooltip: [
            { field: 'predicted', type: 'quantitative', format: '.3f' },
            { field: 'residual', type: 'quantitative', format: '.3f' },
          ],
        },
      },
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  };
}
