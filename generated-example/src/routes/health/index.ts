import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { SERVICE } from '../../service';

/**
 * `GET /health`: the process is up (liveness; never touches dependencies).
 * `GET /ready`: the database answers (readiness; load balancers stop routing on 503).
 */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', async () => ({ status: 'ok', service: SERVICE.name }));

  app.get('/ready', async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: 'ready', checks: { database: 'ok' } };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check failed: database unavailable');
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', checks: { database: 'unavailable' } });
    }
  });
};

export default healthRoutes;
