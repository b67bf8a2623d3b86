/**
 * Bar chart of one KPI by segment (e.g. cost per approved conversion by age group). Segments keep
 * the order they are given in (level order), which is meaningful for age bands.
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame, type ChartOptions } from './options.js';

export interface SegmentBarOptions extends ChartOptions {
  /** Axis title for the KPI, e.g. "CTR". */
  readonly kpiLabel?: string;
  /** Axis title for the segment field, e.g. "age". */
  readonly segmentLabel?: string;
  /** d3-format for axis and tooltip, e.g. ".2%" or ",.2f". */
  readonly format?: string;
}

/** Horizontal bars, one per segment; null values are drawn as no bar. */
export function segmentBarSpec(rows: readonly { segment: string; value: number | null }[], options: SegmentBarOptions = {}): TopLevelSpec {
  const kpi = options.kpiLabel ?? 'value';
  const seg = options.segmentLabel ?? 'segment';
  const format = options.format ?? ',.2f';
  return {
    ...frame(options, { width: 360, height: Math.max(60, 18 * rows.length), title: `${kpi} by ${seg}` }),
    data: { values: rows.map((r) => ({ segment: r.segment, value: r.value })) },
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: rows.map((r) => r.segment), title: seg },
      x: { field: 'value', type: 'quantitative', title: kpi, axis: { format } },
      tooltip: [
        { field: 'segment', type: 'nominal', title: seg },
        { field: 'value', type: 'quantitative', title: kpi, format },
      ],
    },
  };
}
