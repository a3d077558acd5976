import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('idempotency on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });


  it('replays the first outcome for the same key and body, with one effect', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const body = { fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 700, currency: 'EUR', reference: 'once' };
    const key = randomUUID();
    const first = await api.call('POST', '/v1/transfers', alice.token, body, { 'idempotency-key': key });
    const second = await api.call('POST', '/v1/transfers', alice.token, { ...body }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await api.balance(alice.accountId)).toBe(9_300);
  });

  it('refuses the same key with a different body (422) and does nothing', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const key = randomUUID();
    const body = { fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 100, currency: 'EUR', reference: 'a' };
    expect((await api.call('POST', '/v1/transfers', alice.token, body, { 'idempotency-key': key })).statusCode).toBe(201);
    const changed = await api.call('POST', '/v1/transfers', alice.token, { ...body, amount: 9_000 }, { 'idempotency-key': key });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().type).toBe('urn:bank:problem:idempotency-key-reused');
    expect(await api.balance(alice.accountId)).toBe(9_900);
  });

  it('scopes keys to the caller: another customer may use the same key', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 1_000);
    const bob = await api.newCustomerWithAccount('EUR', 1_000);
    const key = 'shared-key';
    const a = await api.call('POST', '/v1/transfers', alice.token, { fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 10, currency: 'EUR', reference: 'a' }, { 'idempotency-key': key });
    const b = await api.call('POST', '/v1/transfers', bob.token, { fromAccountId: bob.accountId, toAccountId: alice.accountId, amount: 20, currency: 'EUR', reference: 'b' }, { 'idempotency-key': key });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(await api.balance(alice.accountId)).toBe(1_010);
  });

  it('replays a refusal too: the retry of a refused transfer stays refused', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 100);
    const bob = await api.newCustomerWithAccount('EUR');
    const key = randomUUID();
    const body = { fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 500, currency: 'EUR', reference: 'too much' };
    const first = await api.call('POST', '/v1/transfers', alice.token, body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(422);
    await api.call('POST', `/v1/accounts/${alice.accountId}/deposits`, api.staff, { amount: 1_000, reference: 'top-up' }, { 'idempotency-key': randomUUID() });
    const retry = await api.call('POST', '/v1/transfers', alice.token, body, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(422);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await api.balance(bob.accountId)).toBe(0);
  });

  it('lets concurrent duplicates take effect exactly once', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR');
    const key = randomUUID();
    const body = { fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 1_000, currency: 'EUR', reference: 'race' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', '/v1/transfers', alice.token, body, { 'idempotency-key': key })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await api.balance(alice.accountId)).toBe(9_000);
    expect(await api.balance(bob.accountId)).toBe(1_000);
  });
});
