/**
 * Generic line chart (learning curves, metric per step, response curves): x/y points with an
 * optional series field for several lines, and an optional shaded band (low/high) per point.
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame, type ChartOptions } from './options.js';

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly series?: string;
  readonly low?: number;
  readonly high?: number;
}

export interface LineChartOptions extends ChartOptions {
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** d3-format for the y axis. */
  readonly yFormat?: string;
}

/** Lines (one per series) with points; a band is drawn when points carry low/high. */
export function lineChartSpec(points: readonly LinePoint[], options: LineChartOptions = {}): TopLevelSpec {
  const hasSeries = points.some((p) => p.series !== undefined);
  const hasBand = points.some((p) => p.low !== undefined && p.high !== undefined);
  const color = hasSeries ? { color: { field: 'series', type: 'nominal' as const, title: null } } : {};
  const x = { field: 'x', type: 'quantitative' as const, title: options.xTitle ?? 'x' };
  const yAxis = options.yFormat ? { axis: { format: options.yFormat } } : {};
  const values = points.map((p) => ({ ...p }));
  return {
    ...frame(options, { width: 420, height: 260, title: 'Line chart' }),
    data: { values },
    layer: [
      ...(hasBand
        ? [{ mark: { type: 'area' as const, opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative' as const }, y2: { field: 'high' }, ...color } }]
        : []),
      {
        mark: { type: 'line' as const, point: true },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative' as const, title: options.yTitle ?? 'y', ...yAxis },
          ...color,
          tooltip: [
            { field: 'x', type: 'quantitative' as const, title: options.xTitle ?? 'x' },
            { field: 'y', type: 'quantitative' as const, title: options.yTitle ?? 'y', format: options.yFormat ?? ',.4~f' },
            ...(hasSeries ? [{ field: 'series', type: 'nominal' as const }] : []),
          ],
        },
      },
    ],
  };
}
