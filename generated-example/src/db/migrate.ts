import type { Kysely } from 'kysely';
import { Migrator, MigrationResultSet } from 'kysely/migration';
import type { Database } from './database';
import { migrations } from './migrations';

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Applies every pending migration. On PostgreSQL they run in one transaction: all or none. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  return assertSucceeded(await migrator(db).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown(db: Kysely<Database>): Promise<MigrationResultSet> {
  return assertSucceeded(await migrator(db).migrateDown());
}

function assertSucceeded(resultSet: MigrationResultSet): MigrationResultSet {
  if (resultSet.error) {
    const failed = resultSet.results?.find((result) => result.status === 'Error');
    const cause = resultSet.error instanceof Error ? resultSet.error.message : String(resultSet.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: resultSet.error });
  }
  return resultSet;
}
