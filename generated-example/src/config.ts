/**
 * Runtime configuration, read once from the environment and checked before the server
 * starts: a bad value stops the process with a message naming the variable.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL connection string; when unset the service runs on embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Where PGlite keeps its files; unset means in memory (gone when the process stops). */
  readonly pgliteDataDir: string | undefined;
  /** Apply pending migrations at start-up (default: on for PGlite, off for PostgreSQL). */
  readonly migrateOnStart: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {
  constructor(variable: string, value: string, allowed: string) {
    super(`Environment variable ${variable}=${JSON.stringify(value)} is invalid. Allowed: ${allowed}.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new ConfigError('PORT', port, 'a TCP port number 0-65535');
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', logLevel, LOG_LEVELS.join(', '));
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', '<redacted>', 'a postgres:// or postgresql:// connection string');
  }
  const migrateOnStart = env.MIGRATE_ON_START ?? (databaseUrl ? 'false' : 'true');
  if (migrateOnStart !== 'true' && migrateOnStart !== 'false') {
    throw new ConfigError('MIGRATE_ON_START', migrateOnStart, 'true or false');
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: Number(port),
    logLevel: logLevel as Config['logLevel'],
    databaseUrl,
    pgliteDataDir: env.PGLITE_DATA_DIR || undefined,
    migrateOnStart: migrateOnStart === 'true',
  };
}
