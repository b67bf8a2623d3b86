/**
 * Every chart builder's spec compiles with vega-lite (no warnings about unknown fields or channels)
 * and carries the data and encodings it was given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type TopLevelSpec } from 'vega-lite';
import { boxPlotSpec, segmentKpiPanelSpec, correlationHeatmapSpec, lineChartSpec, predictedVsActualSpec, residualPlotSpec, scatterMatrixSpec, segmentBarSpec } from './index.js';
import { boxStats } from '../eda/boxplot.js';

/** Compiles a spec, collecting vega-lite's warnings instead of printing them. */
function compileStrict(spec: TopLevelSpec): { warnings: string[]; vega: ReturnType<typeof compile>['spec'] } {
  const warnings: string[] = [];
  const logger = {
    level: (): number => 0,
    error: (...a: unknown[]) => (warnings.push(`error: ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  const out = compile(spec, { logger: logger as never });
  return { warnings, vega: out.spec };
}

test('box plot: one panel per column with outliers as points', () => {
  const stats = [boxStats('a', [1, 2, 3, 4, 100])!, boxStats('b', [10, 20, 30])!];
  const spec = boxPlotSpec(stats);
  assert.ok('vconcat' in spec && spec.vconcat.length === 2);
  const { warnings } = compileStrict(spec);
  assert.deepEqual(warnings, []);
  assert.ok(JSON.stringify(spec).includes('"value":100'));
});

test('pair plot: a scatter for every pair, a histogram on the diagonal, axis titles on the outer cells', () => {
  const rows = [
    { x: 1, y: 2, z: 3, g: 'M' },
    { x: 2, y: 3, z: 1, g: 'F' },
  ];
  const spec = scatterMatrixSpec(rows, ['x', 'y', 'z'], { color: 'g' });
  type Cell = { mark: { type: string }; encoding: { x: { field: string; axis: { title: string | null } }; y: { field?: string; aggregate?: string } } };
  const cells = (spec as unknown as { concat: Cell[]; columns: number }).concat;
  assert.equal((spec as unknown as { columns: number }).columns, 3);
  const grid = [0, 1, 2].map((r) => cells.slice(3 * r, 3 * r + 3));
  assert.deepEqual(grid.map((row) => row.map((c) => c.mark.type)), [['bar', 'point', 'point'], ['point', 'bar', 'point'], ['point', 'point', 'bar']]);
  // Row r plots the r-th column on y against each column on x; the diagonal counts its column.
  assert.deepEqual([grid[1]![0]!.encoding.x.field, grid[1]![0]!.encoding.y.field], ['x', 'y']);
  assert.equal(grid[2]![2]!.encoding.y.aggregate, 'count');
  assert.deepEqual(grid.map((row) => row[0]!.encoding.x.axis.title), [null, null, 'x']);
  assert.deepEqual(compileStrict(spec).warnings, []);
});

test('heatmap has one cell per matrix entry on a fixed [−1, 1] scale', () => {
  const spec = correlationHeatmapSpec({ columns: ['a', 'b'], values: [[1, 0.5], [0.5, null]] });
  const values = (spec.data as { values: { r: number | null }[] }).values;
  assert.equal(values.length, 4);
  assert.equal(values[3].r, null);
  assert.ok(JSON.stringify(spec).includes('"domain":[-1,1]'));
  assert.deepEqual(compileStrict(spec).warnings, []);
});

test('segment bars keep the given segment order', () => {
  const spec = segmentBarSpec([{ segment: '45-49', value: 2 }, { segment: '30-34', value: null }], { kpiLabel: 'CTR', format: '.2%' });
  assert.ok(JSON.stringify(spec).includes('"sort":["45-49","30-34"]'));
  assert.deepEqual(compileStrict(spec).warnings, []);
});

test('predicted vs actual and residual plots: shared domain, identity and zero lines', () => {
  const pva = predictedVsActualSpec([0, 2, 4], [1, 2, 5]);
  assert.ok(JSON.stringify(pva).includes('"domain":[0,5]'));
  const compiled = compileStrict(pva);
  assert.deepEqual(compiled.warnings, []);
  // One title per axis (layers with different titles would show "actual, x").
  const titles = ((compiled.vega as { axes?: { title?: string }[] }).axes ?? []).map((a) => a.title).filter((t) => t !== undefined);
  assert.deepEqual(titles.sort(), ['actual', 'predicted']);
  const res = residualPlotSpec([0, 2, 4], [1, 2, 5]);
  const pts = ((res as { layer: { data: { values: { residual: number }[] } }[] }).layer[0].data.values).map((p) => p.residual);
  assert.deepEqual(pts, [-1, 0, -1]);
  assert.deepEqual(compileStrict(res).warnings, []);
  assert.throws(() => residualPlotSpec([1], [1, 2]), RangeError);
});

test('line chart: series colour and an optional band', () => {
  const spec = lineChartSpec(
    [
      { x: 1, y: 2, series: 'train', low: 1, high: 3 },
      { x: 2, y: 1, series: 'train', low: 0.5, high: 1.5 },
      { x: 1, y: 3, series: 'valid', low: 2, high: 4 },
    ],
    { xTitle: 'iteration', yTitle: 'loss' },
  );
  const layers = (spec as { layer: { mark: { type: string } }[] }).layer.map((l) => l.mark.type);
  assert.deepEqual(layers, ['area', 'line']);
  assert.deepEqual(compileStrict(spec).warnings, []);
  const plain = lineChartSpec([{ x: 0, y: 1 }]);
  assert.deepEqual((plain as { layer: unknown[] }).layer.length, 1);
});

test('KPI panel: one facet per KPI in given order, independent x scales', () => {
  const spec = segmentKpiPanelSpec([
    { segment: 'M', kpi: 'CTR (%)', value: 0.02 },
    { segment: 'F', kpi: 'CTR (%)', value: 0.03 },
    { segment: 'M', kpi: 'CPC', value: 1.5 },
    { segment: 'F', kpi: 'CPC', value: null },
  ]);
  const json = JSON.stringify(spec);
  assert.ok(json.includes('"sort":["CTR (%)","CPC"]'));
  assert.ok(json.includes('"x":"independent"'));
  assert.deepEqual(compileStrict(spec).warnings, []);
});
