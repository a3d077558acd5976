import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('transfers on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  const postingsOf = async (accountId: string): Promise<number> =>
    (await api.test.db.selectFrom('postings').select('id').where('account_id', '=', accountId).execute()).length;

  it('moves money between two accounts as one balanced journal entry', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const response = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 2_500, currency: 'EUR', reference: 'rent',
    }, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 2_500, currency: 'EUR', reference: 'rent' });
    expect(await api.balance(alice.accountId)).toBe(7_500);
    expect(await api.balance(bob.accountId)).toBe(2_500);
    const entry = await api.test.db.selectFrom('transfers').innerJoin('postings', 'postings.entry_id', 'transfers.entry_id')
      .select(['postings.amount']).where('transfers.id', '=', response.json().id).execute();
    expect(entry.map((p) => p.amount).sort()).toEqual([-2_500n, 2_500n]);
  });

  it.each([
    ['more than the balance', { amount: 10_001 }, 422, 'urn:bank:problem:insufficient-funds'],
    ['in another currency than the accounts', { currency: 'USD' }, 422, 'urn:bank:problem:currency-mismatch'],
  ])('refuses a transfer of %s and writes nothing', async (_case, change, status, type) => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const before = await postingsOf(alice.accountId);
    const response = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 1_000, currency: 'EUR', reference: 'x', ...change,
    }, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(status);
    expect(response.json().type).toBe(type);
    expect(await api.balance(alice.accountId)).toBe(10_000);
    expect(await api.balance(bob.accountId)).toBe(0);
    expect(await postingsOf(alice.accountId)).toBe(before);
  });

  it('refuses a cross-currency transfer (422)', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('USD');
    const response = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 100, currency: 'EUR', reference: 'x',
    }, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('urn:bank:problem:currency-mismatch');
  });

  it('refuses a transfer to the same account (422) and to an unknown account (404)', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const same = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: alice.accountId, toAccountId: alice.accountId, amount: 100, currency: 'EUR', reference: 'x',
    }, { 'idempotency-key': randomUUID() });
    expect(same.statusCode).toBe(422);
    const unknown = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: alice.accountId, toAccountId: randomUUID(), amount: 100, currency: 'EUR', reference: 'x',
    }, { 'idempotency-key': randomUUID() });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses malformed transfers with every offending field listed', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const response = await api.call('POST', '/v1/transfers', alice.token, {
      fromAccountId: 'not-a-uuid', toAccountId: alice.accountId, amount: 1.5, currency: 'EURO', reference: '', memo: 'x',
    }, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body/fromAccountId', 'body/amount', 'body/currency', 'body/reference', 'body/memo']));
  });

  it('keeps the ledger append-only and balanced at the database level', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 1_000);
    await expect(sql`update postings set amount = amount * 2 where account_id = ${alice.accountId}`.execute(api.test.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from journal_entries`.execute(api.test.db)).rejects.toThrow(/append-only/);
    await expect(api.test.db.transaction().execute(async (trx) => {
      const entry = await trx.insertInto('journal_entries').values({ kind: 'transfer', reference: 'forged', actor: 'test', request_id: 'test' })
        .returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('postings').values({ entry_id: entry.id, account_id: alice.accountId, currency: 'EUR', amount: 1_000_000n, balance_after: 1_001_000n }).execute();
    })).rejects.toThrow(/does not balance/);
    await expect(sql`update accounts set balance = -1 where id = ${alice.accountId}`.execute(api.test.db)).rejects.toThrow(/accounts_no_overdraft/);
  });
});
