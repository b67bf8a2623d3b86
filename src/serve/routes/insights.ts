/**
 * Insight endpoints over the training data: `GET /api/v1/eda` (the EDA report's data, built once and
 * cached) and `POST /api/v1/optimize` (a budget plan; computed on a worker thread so scoring requests
 * are not held up by the half-second of planning).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadAds, type LoadResult } from '../../data/load.js';
import { buildEdaReport, type EdaReport } from '../../eda/index.js';
import { historyFromFrame, type History } from '../../optimize/plan.js';
import { PlanWorker } from '../../optimize/plan-in-worker.js';
import { errorResponses, ErrorBody } from '../schemas/common.js';
import { PlanRequestBody, PlanSchema } from '../schemas/insights.js';

export interface InsightOptions {
  /** Training data (path or postgres:// URL); default the bundled dataset. */
  readonly data?: string;
}

const EdaSchema = z.looseObject({ version: z.number(), rows: z.number(), columns: z.array(z.string()) });

export const insightRoutes: FastifyPluginAsyncZod<InsightOptions> = async (app, opts) => {
  let loaded: Promise<LoadResult> | undefined;
  let eda: Promise<EdaReport> | undefined;
  let history: Promise<History> | undefined;
  // Loaded lazily and once: a server that never serves these endpoints never reads the data.
  const data = () => (loaded ??= loadAds({ ...(opts.data ? { data: opts.data } : {}), onInvalid: 'drop' }));
  const planner = new PlanWorker();
  app.addHook('onClose', async () => planner.close());

  app.get('/api/v1/eda', { schema: { tags: ['insights'], summary: 'Exploratory analysis of the training data (summary, box plots, correlations, pair plot sample, segment KPIs).', response: { 200: EdaSchema, ...errorResponses } } }, async () => {
    eda ??= data().then(({ frame, report }) => buildEdaReport(frame, { source: { label: report.source, dataHash: report.dataHash, rowsDropped: report.rowsDropped } }));
    return (await eda) as unknown as z.infer<typeof EdaSchema>;
  });

  app.post(
    '/api/v1/optimize',
    { schema: { tags: ['insights'], summary: 'Allocate a budget across audience segments for the most approved conversions.', body: PlanRequestBody, response: { 200: PlanSchema, ...errorResponses, 422: ErrorBody } } },
    async (request) => {
      history ??= data().then(({ frame }) => historyFromFrame(frame));
      return (await planner.plan(await history, request.body)) as z.infer<typeof PlanSchema>;
    },
  );
};
