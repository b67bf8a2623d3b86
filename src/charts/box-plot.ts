/**
 * Box plots from precomputed statistics (see `src/eda/boxplot.ts`): one horizontal box per column,
 * stacked vertically, each with its own x scale because ad columns differ by orders of magnitude
 * (impressions in millions, conversions in units). Outliers are drawn as points.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BoxStats } from '../eda/boxplot.js';
import { VEGA_LITE_SCHEMA, type ChartOptions } from './options.js';

function oneBox(b: BoxStats, width: number, height: number) {
  const box = [{ name: b.name, q1: b.q1, median: b.median, q3: b.q3, lower: b.lower, upper: b.upper, count: b.count }];
  const x = { type: 'quantitative' as const, title: b.name, scale: { zero: false } };
  const tooltip = [
    { field: 'count', type: 'quantitative' as const },
    { field: 'lower', type: 'quantitative' as const, title: 'lower whisker' },
    { field: 'q1', type: 'quantitative' as const },
    { field: 'median', type: 'quantitative' as const },
    { field: 'q3', type: 'quantitative' as const },
    { field: 'upper', type: 'quantitative' as const, title: 'upper whisker' },
  ];
  return {
    width,
    height,
    layer: [
      { data: { values: box }, mark: { type: 'rule' as const }, encoding: { x: { field: 'lower', ...x }, x2: { field: 'upper' } } },
      {
        data: { values: box },
        mark: { type: 'bar' as const, size: Math.max(8, height * 0.6), color: '#6c9bd2' },
        encoding: { x: { field: 'q1', ...x }, x2: { field: 'q3' }, tooltip },
      },
      { data: { values: box }, mark: { type: 'tick' as const, color: 'white', size: Math.max(8, height * 0.6), thickness: 2 }, encoding: { x: { field: 'median', ...x } } },
      {
        data: { values: b.outliers.map((value) => ({ value })) },
        mark: { type: 'point' as const, opacity: 0.6, color: '#c0392b' },
        encoding: { x: { field: 'value', ...x }, tooltip: [{ field: 'value', type: 'quantitative' as const, title: `${b.name} (outlier)` }] },
      },
    ],
  };
}

/** One box per column, vertically concatenated with independent x scales. */
export function boxPlotSpec(stats: readonly BoxStats[], options: ChartOptions = {}): TopLevelSpec {
  const width = typeof options.width === 'number' ? options.width : 560;
  const height = options.height ?? 36;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Distributions (box plots, Tukey whiskers at 1.5 IQR)',
    description: options.description ?? 'Box plot per numeric column; points are outliers beyond 1.5 IQR.',
    vconcat: stats.map((b) => oneBox(b, width, height)),
    resolve: { scale: { x: 'independent' } },
  };
}
