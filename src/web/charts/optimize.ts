/** Vega-Lite specs for the Optimise page: allocation bars and per-segment response curves. */
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../api/types.js';

export function allocationBars(plan: Plan, top = 15): TopLevelSpec {
  const rows = [...plan.segments].sort((a, b) => b.spend - a.spend).slice(0, top);
  const values = rows.flatMap((s) => {
    const name = Object.values(s.labels).join(' · ');
    return [
      { segment: name, kind: 'Plan', spend: s.spend },
      { segment: name, kind: 'Historic mix', spend: s.historicMixSpend },
    ];
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Planned spend per segment beside the historic allocation of the same budget',
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'kind' },
      x: { field: 'spend', type: 'quantitative', title: 'Spend' },
      color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#2456d6', '#b8c2d6'] }, legend: { orient: 'top' } },
    },
    height: { step: 12 },
  } as TopLevelSpec;
}

export function responseCurves(plan: Plan): TopLevelSpec {
  const values = plan.curves.flatMap((c) => c.points.map((p) => ({ segment: c.key.replace(/\w+=/g, '').replace(/\|/g, ' · '), ...p })));
  const marks = plan.curves.map((c) => ({ segment: c.key.replace(/\w+=/g, '').replace(/\|/g, ' · '), spend: c.plannedSpend }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Expected approved conversions as a function of spend, with the interval band, for the top segments',
    layer: [
      {
        data: { values },
        mark: { type: 'area', opacity: 0.18 },
        encoding: {
          x: { field: 'spend', type: 'quantitative', title: 'Segment spend' },
          y: { field: 'low', type: 'quantitative', title: 'Expected approved conversions' },
          y2: { field: 'high' },
          color: { field: 'segment', type: 'nominal', title: 'Segment' },
        },
      },
      {
        data: { values },
        mark: { type: 'line', tooltip: true },
        encoding: {
          x: { field: 'spend', type: 'quantitative' },
          y: { field: 'conversions', type: 'quantitative' },
          color: { field: 'segment', type: 'nominal' },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: { x: { field: 'spend', type: 'quantitative' }, color: { field: 'segment', type: 'nominal' } },
      },
    ],
    height: 280,
  } as TopLevelSpec;
}
