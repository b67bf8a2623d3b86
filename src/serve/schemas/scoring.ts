/** Schemas of the scoring endpoints (MLflow `/invocations`, `/api/v1/predict`). */
import { z } from 'zod';

export const InvocationsResponse = z.object({
  predictions: z.array(z.number().nullable()).describe('One predicted Approved_Conversion per input row, in input order.'),
});

export const ModelRef = z.object({
  name: z.string(),
  version: z.number().int().nullable(),
  label: z.string().describe('name@version'),
  featureSet: z.string(),
  modelKind: z.string(),
});

export const PredictBody = z
  .object({
    ad: z.record(z.string(), z.unknown()).optional().describe('One ad: raw fields such as age, gender, interest, Spent, Impressions, Clicks, xyz_campaign_id.'),
    ads: z.array(z.record(z.string(), z.unknown())).optional().describe('Several ads (up to 100,000).'),
  })
  .describe('Give either "ad" or "ads". Columns the model does not use are ignored.');

export const PredictResponse = z.object({
  model: ModelRef,
  requiredColumns: z.array(z.string()),
  intervalLevel: z.number().nullable().describe("Level of the low–high prediction intervals (e.g. 0.8), calibrated on the model's cross-validated residuals; null for a model without intervals."),
  predictions: z.array(
    z.object({
      row: z.number().int(),
      predictedApprovedConversions: z.number().nullable(),
      low: z.number().nullable().describe('Lower end of the prediction interval (never below 0); null without an interval.'),
      high: z.number().nullable().describe('Upper end of the prediction interval; null without an interval.'),
      costPerApprovedConversion: z.number().nullable().describe('Spent / predicted approved conversions; null when Spent is absent or the prediction is ≤ 0.'),
    }),
  ),
});

export const HealthResponse = z.object({
  status: z.enum(['ok', 'loading']),
  model: ModelRef.nullable(),
  requiredColumns: z.array(z.string()),
  error: z.string().optional(),
});

export const VersionResponse = z.object({ convopt: z.string(), model: z.string().nullable() });
