/**
 * Planning-model accuracy, out of fold: convopt's response model beside scikit-learn's four planning
 * models on the reference's repeated 5-fold assignment (3 × 5 folds), both computed in this run.
 *
 *   node --import tsx bench/planning.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BUNDLED_DATA_PATH, loadAds } from '../src/data/load.js';
import { evaluateResponseModel } from '../src/optimize/evaluate.js';
import { historyFromFrame } from '../src/optimize/plan.js';
import { referencePath } from '../test/helpers/reference.js';

const REFERENCE = referencePath('sklearn_planning_reference.json');
const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { fold_of_row: number[][] };

const { frame } = await loadAds({});
const t0 = performance.now();
const ours = evaluateResponseModel(historyFromFrame(frame), ref.fold_of_row);
const oursSeconds = (performance.now() - t0) / 1000;

const py = spawnSync('/usr/bin/python3', [new URL('./py/planning.py', import.meta.url).pathname, BUNDLED_DATA_PATH, REFERENCE], { encoding: 'utf8' });
if (py.status !== 0) throw new Error(`planning.py failed: ${py.stderr}`);
const peers = JSON.parse(py.stdout) as Record<string, { r2_mean: number; r2_std: number; poisson_deviance_mean: number; seconds: number }>;

const bestR2 = Math.max(...Object.values(peers).map((p) => p.r2_mean));
const bestDev = Math.min(...Object.values(peers).map((p) => p.poisson_deviance_mean));
const rows = [
  `| convopt response model (pooled Poisson, concave spend curves) | **${ours.r2Mean.toFixed(4)}** ± ${ours.r2Std.toFixed(4)} | **${ours.poissonDevianceMean.toFixed(4)}** | ${oursSeconds.toFixed(2)} |`,
  ...Object.entries(peers).map(([name, p]) => `| scikit-learn ${name} | ${p.r2_mean.toFixed(4)} ± ${p.r2_std.toFixed(4)} | ${p.poisson_deviance_mean.toFixed(4)} | ${p.seconds.toFixed(2)} |`),
];
const md = [
  'Out-of-fold accuracy of the planning model (pre-launch features only: campaign, age, gender, interest, spend) on the',
  'reference repeated 5-fold assignment (15 folds). Every choice of the model (effects, spend scale κ) is made inside each training fold.',
  '',
  '| model | R² (mean ± std) | mean Poisson deviance | seconds (15 fits) |',
  '|---|---|---|---|',
  ...rows,
  '',
  `Goal: R² ≥ scikit-learn's best (${bestR2.toFixed(4)}) and deviance ≤ its best (${bestDev.toFixed(4)}): ${ours.r2Mean >= bestR2 && ours.poissonDevianceMean <= bestDev ? '**met**' : '**not met**'}. κ chosen per fold: ${ours.kappas.join(', ')}.`,
].join('\n');
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/planning.json', import.meta.url), JSON.stringify({ ours: { ...ours, seconds: oursSeconds }, peers }, null, 2));
console.log(md);
