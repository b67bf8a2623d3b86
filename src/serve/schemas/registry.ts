/** Schemas of the registry endpoints: models, versions, promotion and rollback. */
import { z } from 'zod';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export const ModelNameParams = z.object({ name: z.string().regex(NAME, 'letters, digits, "_", "." or "-", at most 128 characters') });

export const RegisteredModelSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.number(),
  latestVersion: z.number().int(),
  aliases: z.record(z.string(), z.number().int()),
});

export const ModelVersionSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  runId: z.string().nullable(),
  artifactUri: z.string(),
  metrics: z.record(z.string(), z.number()),
  dataHash: z.string().nullable(),
  featureSet: z.string().nullable(),
  modelKind: z.string().nullable(),
  createdAt: z.number(),
  aliases: z.array(z.string()),
});

export const AliasEventSchema = z.object({
  eventId: z.number().int(),
  name: z.string(),
  alias: z.string(),
  action: z.enum(['promote', 'rollback', 'delete']),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable(),
  actor: z.string(),
  reason: z.string().nullable(),
  at: z.number(),
});

export const PromoteBody = z.object({
  version: z.number().int().positive(),
  alias: z.string().regex(NAME).default('champion'),
  reason: z.string().max(1000).optional(),
});

export const RollbackBody = z
  .object({
    alias: z.string().regex(NAME).default('champion'),
    reason: z.string().max(1000).optional(),
  })
  .default({ alias: 'champion' });

export const AliasMoveResponse = z.object({ event: AliasEventSchema, serving: z.string().nullable() });

export const AliasHistoryQuery = z.object({ alias: z.string().regex(NAME).optional() });
/** The audit trail, newest first (what people read first: the last move). */
export const AliasHistoryResponse = z.object({ events: z.array(AliasEventSchema) });
