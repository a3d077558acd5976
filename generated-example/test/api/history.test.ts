import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('transaction history on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  const deposit = (accountId: string, amount: number) =>
    api.call('POST', `/v1/accounts/${accountId}/deposits`, api.staff, { amount, reference: `deposit ${amount}` }, { 'idempotency-key': randomUUID() });

  it('pages newest first without skipping or repeating while new transactions arrive', async () => {
    const { accountId, token } = await api.newCustomerWithAccount();
    for (let amount = 1; amount <= 7; amount++) {
      await deposit(accountId, amount);
    }
    const first = (await api.call('GET', `/v1/accounts/${accountId}/transactions?limit=3`, token)).json();
    expect(first.data.map((t: { amount: number }) => t.amount)).toEqual([7, 6, 5]);
    expect(first.data[0]).toMatchObject({ kind: 'deposit', balanceAfter: 28, currency: 'EUR', reference: 'deposit 7' });
    await deposit(accountId, 100);
    await deposit(accountId, 200);
    const seen = [...first.data];
    let cursor = first.nextCursor as string | null;
    while (cursor) {
      const page = (await api.call('GET', `/v1/accounts/${accountId}/transactions?limit=3&cursor=${cursor}`, token)).json();
      seen.push(...page.data);
      cursor = page.nextCursor;
      await deposit(accountId, 300);
    }
    expect(seen.map((t: { amount: number }) => t.amount)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(new Set(seen.map((t: { id: string }) => t.id)).size).toBe(7);
  });

  it('filters by time window', async () => {
    const { accountId, token } = await api.newCustomerWithAccount();
    await deposit(accountId, 10);
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await api.call('GET', `/v1/accounts/${accountId}/transactions?from=${future}`, token)).json().data).toEqual([]);
    expect((await api.call('GET', `/v1/accounts/${accountId}/transactions?from=${past}&to=${future}`, token)).json().data).toHaveLength(1);
  });

  it.each([
    ['limit=0', 'querystring/limit'],
    ['limit=101', 'querystring/limit'],
    ['limit=ten', 'querystring/limit'],
    ['from=yesterday', 'querystring/from'],
    ['cursor=bm9wZQ', 'querystring/cursor'],
    ['sort=asc', 'querystring/sort'],
  ])('refuses ?%s naming %s', async (query, field) => {
    const { accountId, token } = await api.newCustomerWithAccount();
    const response = await api.call('GET', `/v1/accounts/${accountId}/transactions?${query}`, token);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
