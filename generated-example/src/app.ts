import Fastify, { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from './db/database';
import databasePlugin from './plugins/app/database';
import helmetPlugin from './plugins/external/helmet';
import healthRoutes from './routes/health';

export interface AppOptions {
  /** The database the app works on; the caller owns it and closes it. */
  readonly db: Kysely<Database>;
  readonly logger?: FastifyServerOptions['logger'];
}

/**
 * Builds the Fastify app without listening, so tests drive it with `app.inject()` and the
 * server entry point adds only the listening socket.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Never echo internal details: errors reach clients as status and message only.
    return503OnClosing: true,
    bodyLimit: 64 * 1024,
  });
  await app.register(helmetPlugin);
  await app.register(databasePlugin, { db: options.db });
  await app.register(healthRoutes);
  return app;
}
