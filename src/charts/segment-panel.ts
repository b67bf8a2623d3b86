/**
 * Small multiples of several KPIs by segment: one bar panel per KPI (wrapped in rows), each with
 * its own x scale since the KPIs have different units. One spec shows every KPI of a grouping, so
 * a report needs one chart per grouping instead of one per KPI.
 */
import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type ChartOptions } from './options.js';

export interface KpiPanelRow {
  readonly segment: string;
  /** KPI label, e.g. "CTR (%)"; panels appear in first-seen order. */
  readonly kpi: string;
  readonly value: number | null;
}

export interface SegmentPanelOptions extends ChartOptions {
  readonly segmentLabel?: string;
  /** Panels per row. Default 3. */
  readonly columns?: number;
}

/** Bar panels (one per KPI) of value by segment; segments keep their given order. */
export function segmentKpiPanelSpec(rows: readonly KpiPanelRow[], options: SegmentPanelOptions = {}): TopLevelSpec {
  const segments = [...new Set(rows.map((r) => r.segment))];
  const kpis = [...new Set(rows.map((r) => r.kpi))];
  const seg = options.segmentLabel ?? 'segment';
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? `KPIs by ${seg}`,
    description: options.description ?? options.title ?? `KPIs by ${seg}`,
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { field: 'kpi', type: 'nominal', sort: kpis, title: null, header: { labelFontWeight: 'bold', labelFontSize: 12 } },
    columns: options.columns ?? 3,
    spec: {
      width: typeof options.width === 'number' ? options.width : 220,
      height: options.height ?? Math.max(50, 16 * segments.length),
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        y: { field: 'segment', type: 'nominal', sort: segments, title: seg },
        x: { field: 'value', type: 'quantitative', title: null, axis: { format: '.3~g' } },
        tooltip: [
          { field: 'segment', type: 'nominal', title: seg },
          { field: 'kpi', type: 'nominal', title: 'KPI' },
          { field: 'value', type: 'quantitative', format: ',.4~g' },
        ],
      },
    },
    resolve: { scale: { x: 'independent' } },
  };
}
