/**
 * The server's error and not-found handlers. ConvoptErrors answer with their catalogue status and
 * `{error: {code, message, location, hint, details}}`; schema validation failures answer 400 listing
 * every field path and reason; Fastify's own 4xx (body too large, wrong content type, bad JSON) get
 * the same shape. Anything else is a bug: logged in full, answered with a generic 500 body.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConvoptError, type ErrorCode } from '../core/errors.js';

interface ValidationItem {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: unknown;
}

/** Fastify error codes → our catalogue, with a hint for the client. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; hint: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', hint: 'Send fewer rows per request, upload a CSV to POST /api/v1/predict/csv (streamed), or start the server with a larger --body-limit.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_FORMAT', hint: 'Send Content-Type: application/json (or text/csv where the endpoint documents it).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_ARGUMENT', hint: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_ARGUMENT', hint: 'Send a JSON body, e.g. {"dataframe_records": [...]}.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_ARGUMENT', hint: 'The body is not valid JSON; check quotes, commas and brackets.' },
};

function fromValidation(err: FastifyError & { validation: ValidationItem[]; validationContext?: string }): ConvoptError {
  const where = err.validationContext ?? 'body';
  const details = err.validation.map((v) => {
    const sub = (v.instancePath ?? '').split('/').filter(Boolean);
    const path = [where, ...sub].map((p, i) => (i > 0 && /^\d+$/.test(p) ? `[${p}]` : i > 0 ? `.${p}` : p)).join('');
    return { path, reason: v.message ?? 'invalid value' };
  });
  const first = details[0] ?? { path: where, reason: 'invalid' };
  return new ConvoptError('INVALID_ARGUMENT', `Invalid request ${where}: ${first.path}: ${first.reason}${details.length > 1 ? ` (and ${details.length - 1} more, listed in details)` : ''}.`, {
    path: first.path,
    hint: 'Fix the listed fields; the OpenAPI description at /openapi.json (or /docs) shows each field.',
    details,
  });
}

/** Maps any thrown value to the error the client sees (5xx stays generic). */
export function clientError(err: unknown): ConvoptError | undefined {
  if (err instanceof ConvoptError) return err;
  const fe = err as Partial<FastifyError> & { validation?: ValidationItem[]; validationContext?: string };
  if (Array.isArray(fe?.validation)) return fromValidation(fe as FastifyError & { validation: ValidationItem[] });
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new ConvoptError(mapped.code, fe.message ?? 'Bad request.', { hint: mapped.hint });
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 404 ? 'NOT_FOUND' : fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_FORMAT' : 'INVALID_ARGUMENT';
    return new ConvoptError(code, fe.message ?? 'Bad request.', { hint: 'Check the request against /openapi.json.' });
  }
  return undefined;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const e = clientError(err);
    if (e && e.httpStatus < 500) {
      request.log.info({ code: e.code, path: e.location.path }, e.message);
      void reply.code(e.httpStatus).type('application/json; charset=utf-8').send(JSON.stringify(e.toJSON()));
      return;
    }
    if (e && e.httpStatus === 503) {
      request.log.warn({ err }, 'service unavailable');
      void reply.code(503).type('application/json; charset=utf-8').send(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } }));
      return;
    }
    request.log.error({ err }, 'internal error');
    const status = e?.httpStatus ?? 500;
    void reply
      .code(status >= 500 ? status : 500)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ error: { code: e?.code ?? 'INTERNAL', message: 'Internal server error.', hint: `Report request id ${request.id} to the operator; details are in the server log.` } }));
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new ConvoptError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`, { hint: 'See /docs or /openapi.json for the endpoints.' });
    void reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(e.toJSON()));
  });
}
