/**
 * MLflow's scoring protocol, unchanged: `POST /invocations` with `dataframe_split`,
 * `dataframe_records`, `instances` or `inputs` (JSON; `params` accepted and ignored) or `text/csv`,
 * answering `{"predictions": [...]}`. Numbers are plain JSON doubles, which round-trip exactly.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireModel } from '../plugins/app/context.js';
import { InvocationsResponse } from '../schemas/scoring.js';
import { errorResponses } from '../schemas/common.js';
import { parseCsvText } from '../scoring/csv-table.js';
import { parseMlflowBody } from '../scoring/json-table.js';
import { scoreStrict } from '../scoring/score.js';

export const invocationsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Encapsulated: only this plugin reads text/csv bodies as one string (size-capped by bodyLimit).
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post(
    '/invocations',
    {
      schema: {
        tags: ['mlflow'],
        summary: 'Score rows (MLflow scoring protocol).',
        description: 'Body: {"dataframe_split": {"columns": [...], "data": [[...]]}} | {"dataframe_records": [{...}]} | {"instances": [...]} | {"inputs": ...}, optional "params" (ignored); or text/csv with a header line.',
        response: { 200: InvocationsResponse, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const model = requireModel(app.convopt);
      // Which model answered: lets clients (and the swap test) tie each response to one version.
      void reply.header('x-convopt-model', model.label);
      const table = typeof request.body === 'string' ? parseCsvText(request.body) : parseMlflowBody(request.body);
      try {
        const p = scoreStrict(model.bundle, model.required, table.frame, table.issues, table.pathOf, table.columnsPath);
        app.convopt.metrics.predictions.inc({ endpoint: 'invocations' }, p.length);
        return { predictions: Array.from(p, (x) => (Number.isFinite(x) ? x : null)) };
      } catch (err) {
        app.convopt.metrics.rejectedRows.inc({ endpoint: 'invocations' }, Math.max(table.issues.rows.size, 1));
        throw err;
      }
    },
  );
};
