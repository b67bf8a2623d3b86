/**
 * Who may do what. Reading and scoring are open; writes (promote, rollback) need
 * `Authorization: Bearer <token>` whenever a token is configured, and a server bound to anything
 * but loopback refuses to start without one. Tokens are compared in constant time.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ConvoptError } from '../core/errors.js';

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Refuses to expose write endpoints beyond loopback without a token. */
export function checkBindSecurity(host: string, token: string | undefined): void {
  if (isLoopbackHost(host) || (token && token.length > 0)) return;
  throw new ConvoptError('UNAUTHORIZED', `Refusing to listen on ${host} without an API token: promote and rollback would be open to the network.`, {
    path: '--host',
    value: host,
    hint: 'Set CONVOPT_TOKEN to a long random secret (clients send Authorization: Bearer <token>), or bind to 127.0.0.1.',
  });
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Throws UNAUTHORIZED unless the request carries the token (no-op when no token is configured). */
export function requireToken(request: FastifyRequest, token: string | undefined): void {
  if (!token) return;
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!m || !timingSafeEqual(digest(m[1]!), digest(token))) {
    throw new ConvoptError('UNAUTHORIZED', 'This endpoint changes the registry and needs the API token.', { path: 'headers.authorization', hint: 'Send Authorization: Bearer <token> (the CONVOPT_TOKEN the server was started with).' });
  }
}
