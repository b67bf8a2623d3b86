/**
 * MLflow's scoring protocol, unchanged: `POST /invocations` with `dataframe_split`,
 * `dataframe_records`, `instances` or `inputs` (JSON; `params` accepted and ignored) or `text/csv`,
 * answering `{"predictions": [...]}`. Numbers are plain JSON doubles, which round-trip exactly.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { requireModel } from '../plugins/app/context.js';
import { InvocationsResponse } from '../schemas/scoring.js';
import { errorResponses } from '../schemas/common.js';
import type { CounterChild } from '../metrics/prometheus.js';
import { parseCsvText } from '../scoring/csv-table.js';
import { parseMlflowBody } from '../scoring/json-table.js';
import { predictionsJson } from '../scoring/predictions-json.js';
import { scoreStrict } from '../scoring/score.js';

export const invocationsRoutes: FastifyPluginAsyncZod = async (app) => {
  let predicted: CounterChild | undefined;
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
        (predicted ??= app.convopt.metrics.predictions.child({ endpoint: 'invocations' })).inc(p.length);
        // Built by hand (the schema above still documents it): a JSON-typed string skips Fastify's
        // serializer, and with it a per-request schema parse. The type provider only knows objects.
        return reply.type('application/json; charset=utf-8').send(predictionsJson(p) as unknown as z.infer<typeof InvocationsResponse>);
      } catch (err) {
        app.convopt.metrics.rejectedRows.inc({ endpoint: 'invocations' }, Math.max(table.issues.rows.size, 1));
        throw err;
      }
    },
  );
};
