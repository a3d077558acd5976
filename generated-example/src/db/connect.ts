import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool } from 'pg';
import type { Database } from './database';

export interface DatabaseConfig {
  /** PostgreSQL connection string; when unset the embedded PGlite engine is used. */
  readonly databaseUrl: string | undefined;
  /** PGlite data directory; unset keeps the embedded database in memory. */
  readonly pgliteDataDir?: string | undefined;
}

/**
 * Opens the service's database: PostgreSQL through a `pg` pool when a connection string is
 * given (production, CI), otherwise PGlite, PostgreSQL compiled to WebAssembly, so the
 * service runs and its tests pass with nothing installed.
 */
export function connectDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.databaseUrl) {
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = new PGlite(config.pgliteDataDir ?? 'memory://');
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}
