/**
 * Shapes the web app reads from `/api/v1`. They are imported from the server code itself (type-only,
 * erased at build time: the zod schemas' inferred types and the optimiser's and EDA's interfaces), so
 * client and server cannot drift apart.
 */
import type { z } from 'zod';
import type { HealthResponse, PredictResponse } from '../../serve/schemas/scoring.js';
import type { ExperimentsResponse, PipelineResponse, RunSchema, RunsPage as RunsPageSchema } from '../../serve/schemas/runs.js';
import type { AliasHistoryResponse, AliasMoveResponse, ModelVersionSchema, RegisteredModelSchema } from '../../serve/schemas/registry.js';

export type { Plan, PlanRequest, SegmentPlan, SegmentCurveData, Objective } from '../../optimize/plan.js';
export type { KeyField } from '../../optimize/response/model.js';
export type { EdaReport } from '../../eda/report.js';
export type { Leaderboard, LeaderboardRow } from '../../pipeline/train/leaderboard.js';
export type { SegmentKpis } from '../../eda/segments.js';

export type Health = z.infer<typeof HealthResponse>;
export type PredictResult = z.infer<typeof PredictResponse>;
export type Run = z.infer<typeof RunSchema>;
export type RunsPage = z.infer<typeof RunsPageSchema>;
export type Experiment = z.infer<typeof ExperimentsResponse>['experiments'][number];
export type Pipeline = z.infer<typeof PipelineResponse>;
export type PipelineStep = Pipeline['steps'][number];
export type Artifact = Pipeline['artifacts'][number];
export type RegisteredModel = z.infer<typeof RegisteredModelSchema>;
export type ModelVersion = z.infer<typeof ModelVersionSchema>;
export type AliasMove = z.infer<typeof AliasMoveResponse>;
export type AliasEvent = AliasMove['event'];
export type AliasHistory = z.infer<typeof AliasHistoryResponse>;
