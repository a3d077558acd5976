import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { SERVICE } from '../../service';

/**
 * The OpenAPI 3.1 document, generated from the same TypeBox schemas that validate requests,
 * at `/openapi.json`, and a browsable docs page at `/docs` (assets served locally).
 */
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: SERVICE.name, version: '1.0.0', description: `${SERVICE.name} API. Amounts are integer minor units.` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}, { name: 'openapi' });
