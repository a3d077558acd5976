import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's database; routes reach it through repositories, never directly. */
    db: Kysely<Database>;
  }
}

export interface DatabasePluginOptions {
  readonly db: Kysely<Database>;
}

/** Makes the database available to every route as `app.db`. */
export default fp<DatabasePluginOptions>(async (app, options) => {
  app.decorate('db', options.db);
}, { name: 'database' });
