/**
 * The zod schemas of the canonical ad table: one canonical row (API bodies, small inputs) and a
 * user's column mapping. The columns themselves live in `columns.ts`, re-exported here.
 */
import { z } from 'zod';
import { CANONICAL_COLUMNS } from './columns.js';

export * from './columns.js';

const count = z.number().int().nonnegative();

/**
 * One canonical row, as a schema: documents the rules and validates small inputs (API bodies,
 * config examples). Bulk data is validated column-wise in `validate.ts` with the same rules.
 */
export const AdRowSchema = z
  .object({
    ad_id: z.number().int(),
    xyz_campaign_id: z.number().int(),
    fb_campaign_id: z.number().int(),
    age: z.string().min(1),
    gender: z.string().min(1),
    interest: z.number().int(),
    Impressions: count,
    Clicks: count,
    Spent: z.number().nonnegative(),
    Total_Conversion: count,
    Approved_Conversion: count,
  })
  .refine((r) => r.Clicks <= r.Impressions, { message: 'Clicks must not exceed Impressions', path: ['Clicks'] })
  .refine((r) => r.Approved_Conversion <= r.Total_Conversion, { message: 'Approved_Conversion must not exceed Total_Conversion', path: ['Approved_Conversion'] });

export type AdRow = z.infer<typeof AdRowSchema>;

/** User header → canonical name, e.g. `{ "Amount spent (USD)": "Spent" }`. */
export const ColumnMappingSchema = z.record(z.string().min(1), z.enum(CANONICAL_COLUMNS));
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;
