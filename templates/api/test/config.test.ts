import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('defaults to the embedded database with migrations at start-up', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      logLevel: 'info',
      databaseUrl: undefined,
      pgliteDataDir: undefined,
      migrateOnStart: true,
      jwksFile: undefined,
      rateLimitPerMinute: 600,
    });
  });

  it('verifies customer tokens of the configured user pool, in its region', () => {
    const config = loadConfig({ COGNITO_USER_POOL_ID: 'us-east-1_AbC123', COGNITO_CLIENT_ID: 'app' });
    expect(config.auth).toMatchObject({ region: 'us-east-1', cognitoUserPoolId: 'us-east-1_AbC123', cognitoClientId: 'app', staffRole: 'bank.staff' });
  });

  it('does not migrate PostgreSQL at start-up unless asked to', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/bank' }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/bank', MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty" is invalid\. Allowed: a TCP port number/],
    [{ PORT: '70000' }, /PORT="70000" is invalid/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud" is invalid\. Allowed: fatal, error/],
    [{ MIGRATE_ON_START: 'yes' }, /MIGRATE_ON_START="yes" is invalid\. Allowed: true or false/],
    [{ DATABASE_URL: 'mysql://root:secret@db/bank' }, /DATABASE_URL="<redacted>" is invalid/],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, /RATE_LIMIT_PER_MINUTE="0" is invalid/],
    [{ CARD_TOKEN_KEY: Buffer.alloc(16).toString('base64') }, /CARD_TOKEN_KEY="<redacted>" is invalid\. Allowed: at least 32 random bytes/],
    [{ COGNITO_USER_POOL_ID: 'my-pool' }, /COGNITO_USER_POOL_ID="my-pool" is invalid\. Allowed: a Cognito user pool id/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never prints a refused connection string, which may carry a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:secret@db/bank' })).toThrow(expect.objectContaining({
      message: expect.not.stringContaining('secret'),
    }));
  });
});
