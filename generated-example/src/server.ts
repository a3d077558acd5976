import { readFileSync } from 'node:fs';
import { buildApp } from './app';
import type { Jwks } from './auth/verifier';
import { loadConfig } from './config';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { loggerOptions } from './logging';

/**
 * Entry point: reads the configuration, opens the database, applies migrations when asked
 * to, and listens until SIGINT or SIGTERM, then drains requests and closes the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const jwks = config.jwksFile === undefined ? undefined : (JSON.parse(readFileSync(config.jwksFile, 'utf-8')) as Jwks);
  if (config.cardTokenKey === undefined) {
    throw new Error('CARD_TOKEN_KEY is not set: cards need a token key of at least 32 random bytes, base64-encoded (from the secret store).');
  }
  const cardTokenKey = config.cardTokenKey;
  const db = connectDatabase(config);
  if (config.migrateOnStart) {
    await migrateToLatest(db);
  }
  const app = await buildApp({
    db,
    auth: { ...config.auth, jwks },
    logger: loggerOptions(config.logLevel),
    rateLimitPerMinute: config.rateLimitPerMinute,
    cardTokenKey,
  });
  const shutdown = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void shutdown(signal));
  process.once('SIGTERM', (signal) => void shutdown(signal));
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
