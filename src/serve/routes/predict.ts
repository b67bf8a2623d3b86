/**
 * convopt's own scoring API: `POST /api/v1/predict` (one ad or many, JSON, all-or-nothing with every
 * problem listed) and `POST /api/v1/predict/csv` (a CSV upload scored as a stream: parsed, validated
 * and scored block by block and sent back as it goes; bad rows carry their row number and reason).
 */
import { Readable } from 'node:stream';
import { ConvoptError } from '../../core/errors.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireModel } from '../plugins/app/context.js';
import { errorResponses } from '../schemas/common.js';
import { PredictBody, PredictResponse } from '../schemas/scoring.js';
import { openCsvScoring } from '../scoring/csv-stream.js';
import { parseAdsBody } from '../scoring/json-table.js';
import { costPerConversion, scoreStrict } from '../scoring/score.js';
import { modelRef } from './health.js';

export const predictRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/predict',
    {
      schema: {
        tags: ['predict'],
        summary: 'Predicted approved conversions, their prediction interval and cost per approved conversion for one or more ads.',
        body: PredictBody,
        response: { 200: PredictResponse, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (request) => {
      const model = requireModel(app.convopt);
      const table = parseAdsBody(request.body);
      const p = scoreStrict(model.bundle, model.required, table.frame, table.issues, table.pathOf, table.columnsPath);
      const spent = table.frame.has('Spent') ? table.frame.numeric('Spent') : undefined;
      app.convopt.metrics.predictions.inc({ endpoint: 'predict' }, p.length);
      const interval = model.bundle.interval;
      return {
        model: modelRef(model),
        requiredColumns: [...model.required],
        intervalLevel: interval?.level ?? null,
        predictions: Array.from(p, (x, i) => {
          const [low, high] = interval && Number.isFinite(x) ? interval.bounds(x) : [null, null];
          return {
            row: i + 1,
            predictedApprovedConversions: Number.isFinite(x) ? x : null,
            low,
            high,
            costPerApprovedConversion: spent ? costPerConversion(spent[i]!, x) : null,
          };
        }),
      };
    },
  );
};

export const predictCsvRoutes: FastifyPluginAsyncZod = async (app) => {
  // The body stays a stream: nothing buffers the upload; the scorer pulls it block by block.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/octet-stream'], (_req, payload, done) => done(null, payload));

  app.post(
    '/api/v1/predict/csv',
    {
      schema: {
        tags: ['predict'],
        summary: 'Score a CSV upload (streamed). Returns the CSV with predicted_approved_conversions, its interval (predicted_approved_conversions_low and _high, for models with one), cost_per_predicted_approved_conversion and error columns (the names convopt predict writes).',
        description: 'Send the file as the raw body with Content-Type: text/csv. A missing model input column fails with 400 before scoring; a bad row is returned with an empty prediction and "row N: reason" in the error column.',
      },
    },
    async (request, reply) => {
      const model = requireModel(app.convopt);
      const source = request.body;
      if (!(source instanceof Readable)) {
        throw new ConvoptError('UNSUPPORTED_FORMAT', 'POST /api/v1/predict/csv takes a raw CSV body.', { path: 'headers.content-type', hint: 'Send the file with Content-Type: text/csv (JSON goes to POST /api/v1/predict).' });
      }
      const scoring = await openCsvScoring(source, model.bundle, model.required, { maxBytes: app.convopt.csvLimit });
      const metrics = app.convopt.metrics;
      async function* counted(): AsyncGenerator<string> {
        try {
          yield* scoring.output;
        } finally {
          metrics.predictions.inc({ endpoint: 'predict_csv' }, scoring.stats.scored);
          metrics.rejectedRows.inc({ endpoint: 'predict_csv' }, scoring.stats.rejected);
          request.log.info({ rows: scoring.stats.rows, rejected: scoring.stats.rejected, model: model.label }, 'csv scored');
        }
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="scored.csv"')
        .header('x-convopt-model', model.label)
        .send(Readable.from(counted()));
    },
  );
};
