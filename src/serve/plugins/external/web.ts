/**
 * Serves the built web app (`dist/web`) when it exists. @fastify/static resolves paths inside its
 * root only, so traversal attempts get 404/403 and never another file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** `<package>/dist/web`, from src/serve/plugins/external or dist/serve/plugins/external. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../../../dist/web', import.meta.url));
}

export async function registerWeb(app: FastifyInstance, root: string | null | undefined): Promise<boolean> {
  const dir = root === undefined ? defaultWebRoot() : root;
  if (!dir || !existsSync(dir)) return false;
  await app.register(fastifyStatic, { root: dir, prefix: '/', index: ['index.html'], wildcard: true, dotfiles: 'deny' });
  return true;
}
