/**
 * Predicted vs actual scatter with the y = x diagonal: points on the line are perfect predictions.
 * Both axes share one domain so distance from the diagonal reads honestly.
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame, type ChartOptions } from './options.js';

function extent(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of [a, b]) {
    for (let i = 0; i < arr.length; i++) {
      if (Number.isFinite(arr[i])) {
        lo = Math.min(lo, arr[i]);
        hi = Math.max(hi, arr[i]);
      }
    }
  }
  return Number.isFinite(lo) ? [lo, hi === lo ? lo + 1 : hi] : [0, 1];
}

/** Scatter of predicted against actual values with the identity line. */
export function predictedVsActualSpec(actual: ArrayLike<number>, predicted: ArrayLike<number>, options: ChartOptions = {}): TopLevelSpec {
  if (actual.length !== predicted.length) throw new RangeError(`actual has ${actual.length} values, predicted ${predicted.length}.`);
  const points = Array.from({ length: actual.length }, (_, i) => ({ actual: actual[i], predicted: predicted[i] }));
  const domain = extent(actual, predicted);
  return {
    ...frame(options, { width: 360, height: 360, title: 'Predicted vs actual' }),
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.5 },
        encoding: {
          x: { field: 'actual', type: 'quantitative', scale: { domain }, title: 'actual' },
          y: { field: 'predicted', type: 'quantitative', scale: { domain }, title: 'predicted' },
          tooltip: [
            { field: 'actual', type: 'quantitative' },
            { field: 'predicted', type: 'quantitative', format: '.3f' },
          ],
        },
      },
      {
        data: { values: [{ x: domain[0], y: domain[0] }, { x: domain[1], y: domain[1] }] },
        mark: { type: 'line', color: '#888', strokeDash: [4, 4] },
        // Same titles as the points' layer: layers with different titles on one axis get them joined ("actual, x").
        encoding: { x: { field: 'x', type: 'quantitative', title: 'actual' }, y: { field: 'y', type: 'quantitative', title: 'predicted' } },
      },
    ],
  };
}
