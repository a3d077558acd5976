import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('loans on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  const key = () => ({ 'idempotency-key': randomUUID() });
  const takeLoan = async (token: string, accountId: string, principal = 1_000_000, annualInterestRateBps = 1_200, termMonths = 12) => {
    const response = await api.call('POST', '/v1/loans', token, { accountId, principal, annualInterestRateBps, termMonths }, key());
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('issues a loan with its full schedule and pays the principal into the account through the ledger', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const loan = await takeLoan(token, accountId);
    expect(loan).toMatchObject({ accountId, principal: 1_000_000, annualInterestRateBps: 1_200, termMonths: 12, currency: 'EUR', status: 'active' });
    expect(loan.schedule).toHaveLength(12);
    expect(loan.schedule[0]).toMatchObject({ number: 1, principal: 78_849, interest: 10_000, paidPrincipal: 0, paidInterest: 0 });
    expect(loan.schedule.reduce((sum: number, i: { principal: number }) => sum + i.principal, 0)).toBe(1_000_000);
    expect(loan.outstanding).toEqual({ principal: 1_000_000, interest: 66_186 });
    expect(await api.balance(accountId)).toBe(1_000_000);
    const history = (await api.call('GET', `/v1/accounts/${accountId}/transactions`, token)).json();
    expect(history.data[0]).toMatchObject({ kind: 'loan-disbursement', amount: 1_000_000 });
    expect((await api.call('GET', `/v1/loans/${loan.id}`, token)).json()).toEqual(loan);
    expect((await api.call('GET', '/v1/loans', token)).json().data.map((l: { id: string }) => l.id)).toEqual([loan.id]);
  });

  it('repays the current instalment: interest to interest income, principal back to loans receivable', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const loan = await takeLoan(token, accountId);
    const response = await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 88_849 }, key());
    expect(response.statusCode, response.body).toBe(201);
    const repayment = response.json();
    expect(repayment.allocations).toEqual([{ instalment: 1, interest: 10_000, principal: 78_849 }]);
    expect(repayment.loan.paid).toEqual({ principal: 78_849, interest: 10_000 });
    expect(repayment.loan.schedule[0]).toMatchObject({ paidPrincipal: 78_849, paidInterest: 10_000 });
    expect(await api.balance(accountId)).toBe(1_000_000 - 88_849);
    const lines = await api.test.db.selectFrom('loan_repayments').innerJoin('postings', 'postings.entry_id', 'loan_repayments.entry_id')
      .innerJoin('accounts', 'accounts.id', 'postings.account_id').select(['accounts.type', 'postings.amount'])
      .where('loan_repayments.id', '=', repayment.id).execute();
    expect(Object.fromEntries(lines.map((l) => [l.type, l.amount]))).toEqual({ 'current': -88_849n, 'loans-receivable': 78_849n, 'interest-income': 10_000n });
  });

  it('allocates overdue interest first, then overdue principal, then the current instalment', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const loan = await takeLoan(token, accountId);
    // Move the schedule three months back: instalments 1 and 2 are overdue, 3 is due today.
    await sql`update loan_instalments set due_date = due_date - interval '3 months' where loan_id = ${loan.id}`.execute(api.test.db);
    const first = (await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 15_000 }, key())).json();
    expect(first.allocations).toEqual([
      { instalment: 1, interest: 10_000, principal: 0 },
      { instalment: 2, interest: 5_000, principal: 0 },
    ]);
    const second = (await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 100_000 }, key())).json();
    // Instalment 2's remaining interest, then the overdue principal oldest first: all of 1's, then part of 2's.
    const interest2 = second.loan.schedule[1].interest - 5_000;
    expect(second.allocations).toEqual([
      { instalment: 1, interest: 0, principal: 78_849 },
      { instalment: 2, interest: interest2, principal: 100_000 - 78_849 - interest2 },
    ]);
    expect(second.allocations.reduce((sum: number, a: { interest: number; principal: number }) => sum + a.interest + a.principal, 0)).toBe(100_000);
  });

  it('refuses to take more than is owed (422) and writes nothing; repaying everything closes the loan', async () => {
    const { token, accountId } = await api.newCustomerWithAccount('EUR', 100_000);
    const loan = await takeLoan(token, accountId, 10_000, 0, 2);
    const tooMuch = await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 10_001 }, key());
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().type).toBe('urn:bank:problem:repayment-exceeds-outstanding');
    expect(await api.balance(accountId)).toBe(110_000);
    const all = (await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 10_000 }, key())).json();
    expect(all.loan.status).toBe('repaid');
    expect(all.loan.outstanding).toEqual({ principal: 0, interest: 0 });
    expect((await api.call('POST', `/v1/loans/${loan.id}/repayments`, token, { amount: 1 }, key())).statusCode).toBe(422);
  });

  it('refuses a repayment the account cannot cover (422)', async () => {
    const borrower = await api.newCustomerWithAccount();
    const other = await api.newCustomerWithAccount();
    const loan = await takeLoan(borrower.token, borrower.accountId, 50_000, 1_000, 6);
    await api.call('POST', '/v1/transfers', borrower.token, {
      fromAccountId: borrower.accountId, toAccountId: other.accountId, amount: 50_000, currency: 'EUR', reference: 'spent it',
    }, key());
    const response = await api.call('POST', `/v1/loans/${loan.id}/repayments`, borrower.token, { amount: 5_000 }, key());
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('urn:bank:problem:insufficient-funds');
  });

  it('keeps loans private: another customer gets 404, staff see it', async () => {
    const alice = await api.newCustomerWithAccount();
    const bob = await api.newCustomerWithAccount('EUR', 100_000);
    const loan = await takeLoan(alice.token, alice.accountId);
    expect((await api.call('GET', `/v1/loans/${loan.id}`, bob.token)).statusCode).toBe(404);
    expect((await api.call('POST', `/v1/loans/${loan.id}/repayments`, bob.token, { amount: 100 }, key())).statusCode).toBe(404);
    expect((await api.call('POST', '/v1/loans', bob.token, { accountId: alice.accountId, principal: 100, annualInterestRateBps: 0, termMonths: 1 }, key())).statusCode).toBe(404);
    expect((await api.call('GET', `/v1/loans/${loan.id}`, api.staff)).statusCode).toBe(200);
  });

  it.each([
    [{ principal: 0 }, 'body/principal'],
    [{ annualInterestRateBps: 100_001 }, 'body/annualInterestRateBps'],
    [{ annualInterestRateBps: 4.5 }, 'body/annualInterestRateBps'],
    [{ termMonths: 0 }, 'body/termMonths'],
    [{ termMonths: 601 }, 'body/termMonths'],
    [{ collateral: 'house' }, 'body/collateral'],
  ])('refuses a loan with %j, naming %s', async (change, field) => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const response = await api.call('POST', '/v1/loans', token, { accountId, principal: 1_000, annualInterestRateBps: 500, termMonths: 12, ...change }, key());
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await api.balance(accountId)).toBe(0);
  });
});
