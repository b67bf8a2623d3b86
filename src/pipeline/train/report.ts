/**
 * The training report: one self-contained HTML file (leaderboard table plus, per family, predicted
 * vs actual and residual charts on the holdout rows). The vega / vega-lite / vega-embed browser
 * builds are inlined (via the EDA module's asset loader), so it opens offline from file://.
 */
import { loadVegaBundles } from '../../eda/assets.js';
import { escapeHtml as esc } from '../../eda/format.js';
import type { Leaderboard } from './leaderboard.js';

function num(v: number, digits = 4): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** `<script>`-safe JSON. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

/** The HTML document for a leaderboard and its chart specs (family → specs). */
export function renderTrainingReport(board: Leaderboard, charts: Readonly<Record<string, { predictedVsActual: unknown; residuals: unknown }>>): string {
  const b = loadVegaBundles();
  const rows = board.rows
    .map((r) => `<tr><td>${r.rank}</td><th scope="row">${esc(r.name)}</th><td class="text">${esc(r.featureSet ?? '')}</td><td>${num(r.cvR2Mean)} ± ${num(r.cvR2Std)}</td><td>${num(r.holdoutR2)}</td><td>${num(r.holdoutRmse)}</td><td>${num(r.holdoutMae)}</td><td>${r.interval ? `${Math.round(r.interval.cvCoverage * 100)} % · ${num(r.interval.cvMeanWidth, 2)}` : '–'}</td><td>${num(r.fitSeconds, 3)} s</td></tr>`)
    .join('\n');
  const specs: { id: string; spec: unknown }[] = [];
  const figures = board.rows
    .map((r) => {
      const c = charts[r.name];
      if (!c) return '';
      const a = `c${specs.length}`;
      specs.push({ id: a, spec: c.predictedVsActual });
      const d = `c${specs.length}`;
      specs.push({ id: d, spec: c.residuals });
      return `<section><h3>${esc(r.name)}</h3><div class="row"><div id="${a}" role="img" aria-label="${esc(r.name)} predicted vs actual"></div><div id="${d}" role="img" aria-label="${esc(r.name)} residuals"></div></div></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>convopt training report</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:right}th[scope=row],.text{text-align:left}.row{display:flex;gap:1rem;flex-wrap:wrap}</style>
<script>${b.vega}</script><script>${b.vegaLite}</script><script>${b.vegaEmbed}</script>
</head><body>
<h1>Training report</h1>
<p>Evaluation: ${esc(board.description)}. Models ranked by mean cross-validated R².</p>
<table><caption>Leaderboard</caption><thead><tr><th>#</th><th class="text">model</th><th class="text">features</th><th>CV R² (mean ± std)</th><th>holdout R²</th><th>holdout RMSE</th><th>holdout MAE</th><th>${board.rows[0]?.interval ? `${Math.round(board.rows[0].interval.level * 100)} % interval: coverage · width (CV)` : 'interval'}</th><th>fit time</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Holdout diagnostics</h2>
${figures}
<script>const specs=${scriptJson(specs)};Promise.all(specs.map(s=>vegaEmbed('#'+s.id,s.spec,{actions:false,renderer:'svg'}))).then(()=>{document.body.dataset.rendered='true'});</script>
</body></html>
`;
}
