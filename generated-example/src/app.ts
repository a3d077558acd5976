import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthConfig } from './auth/verifier';
import type { Database } from './db/database';
import authenticationPlugin from './plugins/app/authentication';
import databasePlugin from './plugins/app/database';
import problemDetailsPlugin from './plugins/app/problem-details';
import helmetPlugin from './plugins/external/helmet';
import openapiPlugin from './plugins/external/openapi';
import rateLimitPlugin from './plugins/external/rate-limit';
import healthRoutes from './routes/health';
import accountRoutes from './routes/v1/accounts';
import cardRoutes from './routes/v1/cards';
import customerRoutes from './routes/v1/customers';
import loanRoutes from './routes/v1/loans';
import transferRoutes from './routes/v1/transfers';

export interface AppOptions {
  /** The database the app works on; the caller owns it and closes it. */
  readonly db: Kysely<Database>;
  readonly auth: AuthConfig;
  readonly logger?: FastifyServerOptions['logger'];
  readonly rateLimitPerMinute?: number;
  /** Key of the card tokens (HMAC-SHA256 of the card number); at least 32 bytes, from a secret store. */
  readonly cardTokenKey: Buffer;
}

/**
 * Builds the Fastify app without listening, so tests drive it with `app.inject()` and the
 * server entry point adds only the listening socket.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    bodyLimit: 64 * 1024,
    ajv: {
      // Refuse what the schema does not allow instead of quietly fixing it: unknown fields are
      // errors (not stripped) and "100" is not the number 100.
      // Formats (uuid, email, date-time) come with Fastify's compiler (ajv-formats).
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true },
    },
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(helmetPlugin);
  await app.register(rateLimitPlugin, { perMinute: options.rateLimitPerMinute ?? 600 });
  await app.register(problemDetailsPlugin);
  await app.register(openapiPlugin);
  await app.register(databasePlugin, { db: options.db });
  await app.register(authenticationPlugin, { auth: options.auth });
  await app.register(healthRoutes);
  await app.register(customerRoutes);
  await app.register(accountRoutes);
  await app.register(transferRoutes);
  await app.register(loanRoutes);
  await app.register(cardRoutes, { tokenKey: options.cardTokenKey });
  return app;
}
