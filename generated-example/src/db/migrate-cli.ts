import { loadConfig } from '../config';
import { connectDatabase } from './connect';
import { migrateToLatest } from './migrate';

/** `npm run db:migrate`: applies pending migrations and prints what ran. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = connectDatabase(config);
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const result of results) {
      console.log(`${result.status.padEnd(8)} ${result.migrationName}`);
    }
    console.log(results.length === 0 ? 'database is up to date' : `${results.length} migration(s) applied`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
