import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { Engine, openTestDatabase, TestDatabase } from './databases';
import { customerToken, generateLocalKeys, LocalKeys, staffToken } from './local-auth';
import { AppOptions, buildApp } from '../../src/app';
import type { AuthConfig } from '../../src/auth/verifier';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';

/**
 * A migrated database, the app on top of it and tokens to call it with: what every API test
 * starts from. Helpers return parsed bodies and fail loudly on unexpected statuses.
 */
export interface TestApi {
  readonly app: FastifyInstance;
  readonly test: TestDatabase;
  readonly auth: AuthConfig;
  readonly keys: LocalKeys;
  readonly staff: string;
  customer(externalId: string): string;
  call(method: 'GET' | 'POST', url: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** An account's balance, as staff read it through the API. */
  balance(accountId: string): Promise<number>;
  /** Onboards a customer and opens one account for them; returns the customer's token and the account. */
  newCustomerWithAccount(currency?: string, deposit?: number): Promise<{ token: string; externalId: string; accountId: string }>;
  close(): Promise<void>;
}

/** What `buildApp` needs besides the database, for tests: local keys instead of real issuers. */
export function testAppOptions(db: Kysely<Database>, keys: LocalKeys = generateLocalKeys()): AppOptions {
  return {
    db,
    auth: { ...loadConfig({}).auth, jwks: keys.jwks },
    cardTokenKey: randomBytes(32),
  };
}

export interface TestApiOptions {
  readonly rateLimitPerMinute?: number;
  readonly logger?: unknown;
  /** A database to use instead of a fresh one on `engine` (it is closed with the API). */
  readonly database?: TestDatabase;
}

export async function startTestApi(engine: Engine, options: TestApiOptions = {}): Promise<TestApi> {
  const test = options.database ?? await openTestDatabase(engine);
  await migrateToLatest(test.db);
  const keys = generateLocalKeys();
  const auth: AuthConfig = { ...loadConfig({}).auth, jwks: keys.jwks };
  const app = await buildApp({
    ...testAppOptions(test.db, keys),
    auth,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
    logger: options.logger as never,
  });
  const staff = staffToken(keys, auth);
  const call: TestApi['call'] = (method, url, token, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const expectStatus = (response: LightMyRequestResponse, status: number): void => {
    if (response.statusCode !== status) {
      throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
    }
  };
  return {
    app,
    test,
    auth,
    keys,
    staff,
    customer: (externalId) => customerToken(keys, auth, externalId),
    call,
    balance: async (accountId) => (await call('GET', `/v1/accounts/${accountId}`, staff)).json().balance as number,
    async newCustomerWithAccount(currency = 'EUR', deposit = 0) {
      const externalId = `customer-${randomUUID()}`;
      expectStatus(await call('POST', '/v1/customers', staff, { externalId, fullName: 'Ada Lovelace', email: 'ada@example.com', country: 'DE' }), 201);
      const token = customerToken(keys, auth, externalId);
      const opened = await call('POST', '/v1/accounts', token, { currency, type: 'current' });
      expectStatus(opened, 201);
      const accountId = opened.json().id as string;
      if (deposit > 0) {
        expectStatus(await call('POST', `/v1/accounts/${accountId}/deposits`, staff, { amount: deposit, reference: 'opening deposit' }, { 'idempotency-key': randomUUID() }), 201);
      }
      return { token, externalId, accountId };
    },
    async close() {
      await app.close();
      await test.close();
    },
  };
}
