import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect';
import { startTestApi, TestApi } from '../support/api';
import { postgresBinDir, PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';

const binDir = postgresBinDir();

/**
 * Runs where PostgreSQL's server binaries are installed (CI here); it restarts a server of its
 * own, never the shared one.
 */
describe.skipIf(!binDir)('a PostgreSQL restart during traffic', () => {
  let server: PrivatePostgres;
  let api: TestApi;

  beforeAll(async () => {
    server = await startPrivatePostgres(binDir!);
    const db = connectDatabase({ databaseUrl: server.url });
    api = await startTestApi('postgresql', {
      database: {
        engine: 'postgresql',
        db,
        close: async () => {
          await db.destroy();
          server.destroy();
        },
      },
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 503 with Retry-After during the outage, writes nothing partial, and recovers without a restart', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 1_000_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const attempts: Array<{ key: string; status: number; retryAfter?: string; phase: string }> = [];
    const send = async (phase: string, key: string = randomUUID()): Promise<number> => {
      const response = await api.call('POST', '/v1/transfers', alice.token, {
        fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 100, currency: 'EUR', reference: phase,
      }, { 'idempotency-key': key });
      attempts.push({ key, status: response.statusCode, retryAfter: response.headers['retry-after'] as string | undefined, phase });
      return response.statusCode;
    };

    for (let i = 0; i < 10; i++) {
      expect(await send('before')).toBe(201);
    }
    server.stop();
    for (let i = 0; i < 10; i++) {
      await send('outage');
    }
    expect((await api.call('GET', '/ready', undefined)).statusCode).toBe(503);
    server.start();
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await send('after')) === 201;
      if (!recovered) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(recovered).toBe(true);
    expect((await api.call('GET', '/ready', undefined)).statusCode).toBe(200);

    const outage = attempts.filter((a) => a.phase === 'outage');
    expect(outage.map((a) => [a.status, a.retryAfter])).toEqual(outage.map(() => [503, '5']));
    expect(attempts.every((a) => a.status === 201 || a.status === 503)).toBe(true);

    // A client retries what failed with the same key: each takes effect exactly once.
    for (const failed of attempts.filter((a) => a.status === 503)) {
      expect(await send('retry', failed.key)).toBe(201);
    }
    const keys = new Set(attempts.map((a) => a.key));
    const transfers = await api.test.db.selectFrom('transfers').select('id').where('to_account_id', '=', bob.accountId).execute();
    expect(transfers).toHaveLength(keys.size);
    const bobBalance = (await api.call('GET', `/v1/accounts/${bob.accountId}`, api.staff)).json().balance;
    expect(bobBalance).toBe(100 * keys.size);
    const drift = await sql<{ id: string }>`
      select a.id from accounts a left join postings p on p.account_id = a.id
      group by a.id, a.balance having a.balance <> coalesce(sum(p.amount), 0)
    `.execute(api.test.db);
    expect(drift.rows).toEqual([]);
  });
});
