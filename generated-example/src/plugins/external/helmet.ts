import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** Security headers on every response (HSTS, no sniffing, frame denial, a strict CSP). */
export default fp(async (app) => {
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
}, { name: 'helmet' });
