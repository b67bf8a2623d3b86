/**
 * Exploratory data analysis: pure statistics over Frame columns (summary, quantiles, correlations,
 * segment KPIs, chi-square tests, box statistics), the report object, and its offline HTML form.
 */
export { buildEdaReport, EDA_REPORT_VERSION, SEGMENT_COLUMNS, type EdaReport, type EdaOptions, type PairPlotData } from './report.js';
export { renderEdaHtml } from './html.js';
export { loadVegaBundles, type VegaBundles } from './assets.js';
export { summarizeFrame, summarizeNumeric, summarizeSorted, summarizeCategorical, type ColumnSummary, type NumericSummary, type CategoricalSummary } from './summary.js';
export { quantileSorted, sortedFinite } from './quantile.js';
export { pearson, spearman, correlationMatrix, type CorrelationMatrix, type CorrelationMethod } from './correlation.js';
export { averageRanks } from './rank.js';
export { segmentBreakdown, KPI_COLUMNS, type SegmentBreakdown, type SegmentKpis, type SegmentTest } from './segments.js';
export { chiSquareSf, chiSquareIndependence, type ChiSquareResult } from './chi-square.js';
export { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
export { boxStats, boxStatsSorted, type BoxStats } from './boxplot.js';
export { sampleRows, type RowSample } from './sample.js';
