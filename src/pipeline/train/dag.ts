/**
 * The training DAG: ingest → validate → clean → features, split → train_<family> (one node per
 * family, independent, so they run in parallel) → evaluate → select → gate. Registration and the
 * champion decision come after the DAG (`register.ts`) because they change shared state and must
 * happen on every run, cached or not.
 */
import { buildDag, type Dag, type DagNode } from '../dag.js';
import type { TrainConfig } from '../../config/resolve.js';
import { DEFAULT_TARGET } from '../../models/bundle.js';
import { cleanStep } from './steps/clean.js';
import { makeEvaluateStep } from './steps/evaluate.js';
import { featuresStep } from './steps/features.js';
import { ingestStep, type IngestParams } from './steps/ingest.js';
import { gateStep, selectStep } from './steps/select.js';
import { splitStep } from './steps/split.js';
import { trainFamilyStep } from './steps/train-family.js';
import { validateStep } from './steps/validate.js';

/** Node id of a family's training step. */
export function trainNodeId(family: string): string {
  return `train_${family}`;
}

/**
 * Rough relative fit cost per model kind with default hyperparameters (bench/fit-small.ts medians,
 * rounded), used only to start the slowest families first; unknown kinds count as cheap.
 */
const RELATIVE_FIT_COST: Readonly<Record<string, number>> = {
  RandomForestRegressor: 90,
  HistGradientBoostingRegressor: 65,
  GradientBoostingRegressor: 40,
  AdaBoostRegressor: 15,
  DecisionTreeRegressor: 3,
  PoissonRegressor: 1,
};

/**
 * Builds the DAG for a resolved config. `fingerprint` identifies the data source's content (see the
 * ingest step); families must already be resolved to known kinds.
 */
export function buildTrainingDag(config: TrainConfig, fingerprint: string): Dag {
  const ingestParams: IngestParams = {
    data: config.data.path,
    sheet: config.data.sheet,
    query: config.data.query,
    columns: config.data.columns,
    onInvalid: config.data.onInvalid,
    quarantine: config.data.quarantine,
    purpose: 'train',
    fingerprint,
  };
  const names = config.models.map((m) => m.name);
  const nodes: DagNode[] = [
    { id: 'ingest', step: ingestStep, params: ingestParams },
    { id: 'validate', step: validateStep, params: { folds: config.cv.folds, target: DEFAULT_TARGET }, bind: { table: 'ingest.table' } },
    { id: 'clean', step: cleanStep, bind: { table: 'ingest.table', validation: 'validate.report' } },
    { id: 'features', step: featuresStep, params: { featureSet: config.features }, bind: { table: 'clean.table' } },
    { id: 'split', step: splitStep, params: { scheme: config.cv.scheme, folds: config.cv.folds, seed: config.cv.seed, testSize: config.cv.testSize, featureSet: config.features }, bind: { table: 'clean.table' } },
  ];
  for (const m of config.models) {
    nodes.push({
      id: trainNodeId(m.name),
      step: trainFamilyStep,
      params: { name: m.name, kind: m.kind, modelParams: m.params, featureSet: m.features, seed: config.seed, intervalLevel: config.interval.level },
      priority: RELATIVE_FIT_COST[m.kind] ?? 0,
      // The features node is bound so a feature set that cannot be built fails before any fit.
      bind: { table: 'clean.table', plan: 'split.plan', features: 'features.spec' },
    });
  }
  const evalBind: Record<string, string> = { plan: 'split.plan' };
  for (const n of names) {
    evalBind[`metrics_${n}`] = `${trainNodeId(n)}.metrics`;
    evalBind[`predictions_${n}`] = `${trainNodeId(n)}.predictions`;
  }
  nodes.push(
    { id: 'evaluate', step: makeEvaluateStep(names), bind: evalBind },
    { id: 'select', step: selectStep, bind: { leaderboard: 'evaluate.leaderboard' } },
    { id: 'gate', step: gateStep, params: { minR2: config.gate.minR2 }, bind: { best: 'select.best' } },
  );
  return buildDag('training', nodes);
}
