import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('accounts and deposits on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  it('a customer opens their own account', async () => {
    const { token } = await api.newCustomerWithAccount();
    const response = await api.call('POST', '/v1/accounts', token, { currency: 'EUR', type: 'savings' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ type: 'savings', currency: 'EUR', balance: 0, status: 'active' });
    expect(response.json().number).toMatch(/^\d{12}$/);
  });

  it('staff open an account for a named customer; customers cannot name one', async () => {
    const { token } = await api.newCustomerWithAccount();
    const me = (await api.call('GET', '/v1/customers/me', token)).json();
    const byStaff = await api.call('POST', '/v1/accounts', api.staff, { currency: 'USD', type: 'current', customerId: me.id });
    expect(byStaff.statusCode).toBe(201);
    expect(byStaff.json().customerId).toBe(me.id);
    const missing = await api.call('POST', '/v1/accounts', api.staff, { currency: 'USD', type: 'current' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('body/customerId');
    const byCustomer = await api.call('POST', '/v1/accounts', token, { currency: 'USD', type: 'current', customerId: me.id });
    expect(byCustomer.statusCode).toBe(403);
  });

  it.each([
    [{ currency: 'eur', type: 'current' }, 'body/currency'],
    [{ currency: 'ZZZ', type: 'current' }, 'body/currency'],
    [{ currency: 'EUR', type: 'checking' }, 'body/type'],
    [{ currency: 'EUR', type: 'current', overdraft: 1000 }, 'body/overdraft'],
  ])('refuses to open %j, naming %s', async (body, field) => {
    const { token } = await api.newCustomerWithAccount();
    const response = await api.call('POST', '/v1/accounts', token, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('staff deposit through the ledger: the account and the settlement account move together', async () => {
    const { accountId, token } = await api.newCustomerWithAccount();
    const response = await api.call('POST', `/v1/accounts/${accountId}/deposits`, api.staff, { amount: 12_345, reference: 'salary' }, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'deposit', amount: 12_345, balanceAfter: 12_345, currency: 'EUR', reference: 'salary' });
    expect((await api.call('GET', `/v1/accounts/${accountId}`, token)).json().balance).toBe(12_345);
    const settlement = await api.test.db.selectFrom('accounts').select('balance').where('type', '=', 'settlement').where('currency', '=', 'EUR').executeTakeFirstOrThrow();
    expect(settlement.balance <= -12_345n).toBe(true);
  });

  it.each([
    [{ amount: 0, reference: 'x' }, 'body/amount'],
    [{ amount: -5, reference: 'x' }, 'body/amount'],
    [{ amount: 10.5, reference: 'x' }, 'body/amount'],
    [{ amount: '100', reference: 'x' }, 'body/amount'],
    [{ amount: 2 ** 53, reference: 'x' }, 'body/amount'],
    [{ amount: 100 }, 'body/reference'],
  ])('refuses the deposit %j, naming %s, and writes nothing', async (body, field) => {
    const { accountId } = await api.newCustomerWithAccount();
    const response = await api.call('POST', `/v1/accounts/${accountId}/deposits`, api.staff, body, { 'idempotency-key': randomUUID() });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const postings = await api.test.db.selectFrom('postings').select('id').where('account_id', '=', accountId).execute();
    expect(postings).toEqual([]);
  });

  it('requires an Idempotency-Key on deposits', async () => {
    const { accountId } = await api.newCustomerWithAccount();
    const response = await api.call('POST', `/v1/accounts/${accountId}/deposits`, api.staff, { amount: 100, reference: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('headers/idempotency-key');
  });

  it('records an audit event for every state change', async () => {
    const { accountId } = await api.newCustomerWithAccount('EUR', 500);
    const events = await api.test.db.selectFrom('audit_events').select(['actor', 'action', 'request_id', 'details']).execute();
    const mine = events.filter((e) => JSON.stringify(e.details).includes(accountId));
    expect(mine.map((e) => e.action).sort()).toEqual(['account.deposit', 'account.opened']);
    for (const event of mine) {
      expect(event.request_id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
