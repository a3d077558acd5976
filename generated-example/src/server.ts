import { buildApp } from './app';
import { loadConfig } from './config';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';

/**
 * Entry point: reads the configuration, opens the database, applies migrations when asked
 * to, and listens until SIGINT or SIGTERM, then drains requests and closes the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = connectDatabase(config);
  if (config.migrateOnStart) {
    await migrateToLatest(db);
  }
  const app = await buildApp({ db, logger: { level: config.logLevel } });
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
