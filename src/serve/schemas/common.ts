/** Schemas shared by every route: the error body. */
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    location: z.record(z.string(), z.unknown()).optional(),
    hint: z.string().optional(),
    details: z.array(z.unknown()).optional(),
  }),
});

/** The error responses most routes can give, for OpenAPI. */
export const errorResponses = { 400: ErrorBody, 404: ErrorBody, 503: ErrorBody } as const;
