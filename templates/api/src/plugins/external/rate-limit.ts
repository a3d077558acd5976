import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { Problem } from '../../domain/problems';

/** Per-client request budget: a misbehaving client gets 429 before it can hurt others. */
export default fp<{ perMinute: number }>(async (app, options) => {
  await app.register(rateLimit, {
    max: options.perMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new Problem(429, 'urn:bank:problem:rate-limited', 'Too many requests', `At most ${context.max} requests per minute; retry after ${context.after}.`),
  });
}, { name: 'rate-limit' });
