import { randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect';
import type { Database } from '../../src/db/database';

/** The engines tests run on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export type Engine = 'pglite' | 'postgresql';

export const ENGINES: readonly Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

export interface TestDatabase {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** Closes the connection and, on PostgreSQL, drops the scratch database. */
  close(): Promise<void>;
}

/**
 * A fresh, empty database on `engine`. On PostgreSQL each call creates its own scratch
 * database, so tests never see each other's rows and leave nothing behind.
 */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = connectDatabase({ databaseUrl: undefined });
    return { engine, db, close: () => db.destroy() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('DATABASE_URL must be set to run tests on PostgreSQL');
  }
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = connectDatabase({ databaseUrl: serverUrl });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = connectDatabase({ databaseUrl: url.toString() });
  return {
    engine,
    db,
    close: async () => {
      await db.destroy();
      await waitForDisconnect(admin, name);
      await sql`drop database if exists ${sql.id(name)}`.execute(admin);
      await admin.destroy();
    },
  };
}

/**
 * `db.destroy()` returns once the pool has asked its connections to close, a moment before
 * the server sees them go. Dropping the database with `(force)` then would kill a closing
 * connection and surface as an unhandled error, so wait until the server has let go.
 */
async function waitForDisconnect(admin: Kysely<Database>, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await sql<{ connections: number }>`
      select count(*)::int as connections from pg_stat_activity where datname = ${name}
    `.execute(admin);
    if (rows[0].connections === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`connections to the scratch database ${name} did not close within 5 s`);
}
