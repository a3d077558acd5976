import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuthConfig, TokenVerifier, VerifiedIdentity } from '../../auth/verifier';
import { problems } from '../../domain/problems';
import type { Actor } from '../../services/actor';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; set on every `/v1` request before its handler runs. */
    identity?: VerifiedIdentity;
  }
}

/** The caller of an authenticated route, with the request id that ties its writes together. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.identity) {
    throw problems.unauthorized('A bearer token is required.');
  }
  return { ...request.identity, requestId: request.id };
}

/**
 * Every `/v1` route requires a verified bearer token (customer or staff). Health, readiness
 * and the API description stay public.
 */
export default fp<{ auth: AuthConfig }>(async (app, options) => {
  const verifier = new TokenVerifier(options.auth);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/') && request.url !== '/v1') {
      return;
    }
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer ([A-Za-z0-9_.-]+)$/);
    if (!match) {
      reply.header('www-authenticate', 'Bearer');
      throw problems.unauthorized('A bearer token is required.');
    }
    request.identity = await verifier.verify(match[1]);
  });
}, { name: 'authentication' });
