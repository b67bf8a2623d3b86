/**
 * Shapes the web app reads from `/api/v1`. The optimiser's plan type is imported from the server
 * code itself (type-only, erased at build time), so the two cannot drift apart.
 */
export type { Plan, PlanRequest, SegmentPlan, SegmentCurveData, Objective } from '../../optimize/plan.js';
export type { KeyField } from '../../optimize/response/model.js';
