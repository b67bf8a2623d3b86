/**
 * Errors crossing a worker-thread boundary. Structured cloning keeps an Error's message but drops its
 * class and fields, so a worker sends its error as data and the calling thread rebuilds the same
 * ConvoptError: code, message, location, hint and details survive, and the CLI and the HTTP layer
 * report it exactly as if it had been thrown in-process. Used by every pool that runs our code in
 * workers (pipeline steps, batch scoring, the optimiser).
 */
import { ConvoptError, type ConvoptErrorOptions, ERROR_CATALOGUE, type ErrorCode } from './errors.js';

/** An error as plain, cloneable data. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly options: Omit<ConvoptErrorOptions, 'cause'>;
}

/** How a worker describes a failure that is not a ConvoptError (a bug, or an engine error). */
export interface UnexpectedFailure {
  /** Prefix of the message, e.g. `A scoring worker failed`. */
  readonly what: string;
  readonly hint?: string;
}

/** The worker's side: a ConvoptError as data; anything else as INTERNAL, prefixed by `unexpected.what`. */
export function errorToWire(e: unknown, unexpected: UnexpectedFailure): WireError {
  if (e instanceof ConvoptError) return { code: e.code, message: e.message, options: { ...e.location, ...(e.hint === undefined ? {} : { hint: e.hint }), details: e.details } };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `${unexpected.what}: ${message}`, options: unexpected.hint === undefined ? {} : { hint: unexpected.hint } };
}

/** The caller's side: the same ConvoptError (a code this build does not know becomes INTERNAL). */
export function errorFromWire(w: WireError): ConvoptError {
  return Object.hasOwn(ERROR_CATALOGUE, w.code) ? new ConvoptError(w.code, w.message, w.options) : new ConvoptError('INTERNAL', w.message, w.options);
}
