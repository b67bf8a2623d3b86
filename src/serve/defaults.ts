/** Where `convopt serve` listens unless told otherwise (apart from server.ts so help need not load Fastify). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
