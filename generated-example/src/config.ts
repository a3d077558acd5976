import { readFileSync } from 'node:fs';
import type { AuthConfig } from './auth/verifier';

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
  /** Token verification; `jwks` is filled in by the server from `JWKS_FILE` when that is set. */
  readonly auth: Omit<AuthConfig, 'jwks'>;
  /** A JWKS file to verify tokens with instead of fetching the issuers' keys (local development). */
  readonly jwksFile: string | undefined;
  /** Requests per minute per caller before 429. */
  readonly rateLimitPerMinute: number;
  /** Key of the card tokens, from `CARD_TOKEN_KEY` or the file `CARD_TOKEN_KEY_FILE` (base64, at least 32 bytes). */
  readonly cardTokenKey: Buffer | undefined;
}

/** Where this service was generated to run; the identity settings default to it. */
const REGION = 'eu-central-1';
const STAFF_ISSUER = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0';
const STAFF_AUDIENCE = 'api://bank-service';

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
  const rateLimit = env.RATE_LIMIT_PER_MINUTE ?? '600';
  if (!/^\d{1,6}$/.test(rateLimit) || Number(rateLimit) < 1) {
    throw new ConfigError('RATE_LIMIT_PER_MINUTE', rateLimit, 'a whole number from 1 to 999999');
  }
  // The key comes from the secret store, as a variable or as a mounted file.
  const cardTokenKeyText = env.CARD_TOKEN_KEY ?? (env.CARD_TOKEN_KEY_FILE ? readFileSync(env.CARD_TOKEN_KEY_FILE, 'utf-8').trim() : undefined);
  const cardTokenKey = cardTokenKeyText ? Buffer.from(cardTokenKeyText, 'base64') : undefined;
  if (cardTokenKey !== undefined && cardTokenKey.length < 32) {
    throw new ConfigError(env.CARD_TOKEN_KEY ? 'CARD_TOKEN_KEY' : 'CARD_TOKEN_KEY_FILE', '<redacted>', 'at least 32 random bytes, base64-encoded');
  }
  const userPoolId = env.COGNITO_USER_POOL_ID ?? `${REGION}_localdev`;
  if (!/^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/.test(userPoolId)) {
    throw new ConfigError('COGNITO_USER_POOL_ID', userPoolId, 'a Cognito user pool id such as eu-central-1_AbCdEf123');
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: Number(port),
    logLevel: logLevel as Config['logLevel'],
    databaseUrl,
    pgliteDataDir: env.PGLITE_DATA_DIR || undefined,
    migrateOnStart: migrateOnStart === 'true',
    auth: {
      region: userPoolId.split('_')[0],
      cognitoUserPoolId: userPoolId,
      cognitoClientId: env.COGNITO_CLIENT_ID ?? 'local-client',
      staffIssuer: env.STAFF_OIDC_ISSUER ?? STAFF_ISSUER,
      staffAudience: env.STAFF_OIDC_AUDIENCE ?? STAFF_AUDIENCE,
      staffRoleClaim: env.STAFF_ROLE_CLAIM ?? 'roles',
      staffRole: env.STAFF_ROLE ?? 'bank.staff',
    },
    jwksFile: env.JWKS_FILE || undefined,
    rateLimitPerMinute: Number(rateLimit),
    cardTokenKey,
  };
}
