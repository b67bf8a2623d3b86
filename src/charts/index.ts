/**
 * Chart spec builders: pure functions returning Vega-Lite `TopLevelSpec`s with inline data, shared
 * by the EDA report, pipeline reports and the web app.
 */
export type { ChartOptions } from './options.js';
export { boxPlotSpec } from './box-plot.js';
export { scatterMatrixSpec, type ScatterMatrixOptions } from './scatter-matrix.js';
export { correlationHeatmapSpec, type HeatmapInput } from './heatmap.js';
export { segmentBarSpec, type SegmentBarOptions } from './segment-bar.js';
export { segmentKpiPanelSpec, type KpiPanelRow, type SegmentPanelOptions } from './segment-panel.js';
export { predictedVsActualSpec } from './predicted-vs-actual.js';
export { residualPlotSpec } from './residuals.js';
export { lineChartSpec, type LinePoint, type LineChartOptions } from './line.js';
