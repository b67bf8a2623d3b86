/** Schemas of the insight endpoints: the optimiser's request and plan, and the EDA report. */
import { z } from 'zod';

const KeyField = z.enum(['campaign', 'age', 'gender', 'interest']);
const Interval = z.object({ low: z.number(), high: z.number() });
const Labels = z.object({ campaign: z.string().optional(), age: z.string().optional(), gender: z.string().optional(), interest: z.string().optional() });

export const PlanRequestBody = z
  .object({
    budget: z.number().positive().finite().optional(),
    objective: z.enum(['max-conversions', 'min-spend', 'max-under-cpa']).optional(),
    targetConversions: z.number().positive().finite().optional(),
    targetCpa: z.number().positive().finite().optional(),
    segments: z.array(KeyField).min(1).max(4).optional(),
    allow: z.object({ campaign: z.array(z.string()).optional(), age: z.array(z.string()).optional(), gender: z.array(z.string()).optional(), interest: z.array(z.string()).optional() }).strict().optional(),
    maxChange: z.number().min(0).finite().optional(),
    minSpend: z.number().min(0).finite().optional(),
    maxSpend: z.number().min(0).finite().optional(),
    allowExtrapolation: z.boolean().optional(),
    bootstrap: z.number().int().min(0).max(1000).optional(),
    intervalLevel: z.number().gt(0).lt(1).optional(),
    seed: z.number().int().min(0).optional(),
    curveSegments: z.number().int().min(0).max(50).optional(),
  })
  .strict();

export const PlanSchema = z.object({
  objective: z.string(),
  budget: z.number().nullable(),
  segmentFields: z.array(KeyField),
  model: z.object({ kappa: z.number(), alpha: z.number(), gammas: z.record(z.string(), z.number()), trainingAds: z.number() }),
  segments: z.array(
    z.object({
      key: z.string(),
      labels: Labels,
      ads: z.number(),
      historicSpend: z.number(),
      historicApproved: z.number(),
      historicMixSpend: z.number(),
      spend: z.number(),
      expectedConversions: z.number(),
      interval: Interval.nullable(),
      costPerConversion: z.number().nullable(),
      marginalReturn: z.number(),
    }),
  ),
  totals: z.object({
    spend: z.number(),
    expectedConversions: z.number(),
    interval: Interval.nullable(),
    costPerConversion: z.number().nullable(),
    baselineConversions: z.number(),
    costPerIncrementalConversion: z.number().nullable(),
    historicMixConversions: z.number(),
    uplift: z.number(),
    upliftInterval: Interval.nullable(),
    upliftPercent: z.number().nullable(),
  }),
  intervalLevel: z.number(),
  bootstrapReplicates: z.number(),
  curves: z.array(
    z.object({
      key: z.string(),
      plannedSpend: z.number(),
      historicMixSpend: z.number(),
      points: z.array(z.object({ spend: z.number(), conversions: z.number(), low: z.number().nullable(), high: z.number().nullable() })),
    }),
  ),
  notes: z.array(z.string()),
});
