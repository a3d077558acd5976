import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool, types } from 'pg';
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
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: 10,
      // A bound on waiting for a connection (a busy pool or an unresponsive server), after which
      // the request answers 503. A server that is down refuses at once and needs no timeout; this
      // one only has to outlast a burst queued behind the pool's ten connections.
      connectionTimeoutMillis: 10_000,
      types: { getTypeParser: typeParser },
    });
    // A connection whose server went away (restart, failover) emits 'error'. Without a listener
    // that would crash the process; with one, the failed query answers 503 and the pool opens a
    // fresh connection for the next request. Idle connections report to the pool, checked-out
    // ones to themselves, so both get a listener.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = new PGlite(config.pgliteDataDir ?? 'memory://', { parsers: { [INT8]: parseBigint } });
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

/** PostgreSQL's type id of `bigint`; money columns must arrive as BigInt, never as text. */
const INT8 = 20;

const parseBigint = (value: string): bigint => BigInt(value);

const typeParser: typeof types.getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8 ? parseBigint : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser;
