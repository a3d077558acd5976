import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

const ACCOUNTS = 10;
const TRANSFERS = 500;
const OPENING_BALANCE = 1_000_000;

/** A deterministic pseudo-random sequence, so a failure can be replayed exactly. */
function* sequence(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield state;
  }
}

describe.each(ENGINES)('concurrent transfers on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  it(`${TRANSFERS} concurrent transfers among ${ACCOUNTS} accounts end where a sequential model says`, async () => {
    const owners = await Promise.all(Array.from({ length: ACCOUNTS }, () => api.newCustomerWithAccount('EUR', OPENING_BALANCE)));
    const random = sequence(42);
    const planned = Array.from({ length: TRANSFERS }, () => {
      const from = random.next().value % ACCOUNTS;
      const to = (from + 1 + (random.next().value % (ACCOUNTS - 1))) % ACCOUNTS;
      return { from, to, amount: 1 + (random.next().value % 1_000) };
    });
    // Every account holds enough for everything it could send, so the sequential model is exact.
    const expected = owners.map(() => OPENING_BALANCE);
    for (const t of planned) {
      expected[t.from] -= t.amount;
      expected[t.to] += t.amount;
    }

    const responses = await Promise.all(planned.map((t) => api.call('POST', '/v1/transfers', owners[t.from].token, {
      fromAccountId: owners[t.from].accountId, toAccountId: owners[t.to].accountId, amount: t.amount, currency: 'EUR', reference: 'load',
    }, { 'idempotency-key': randomUUID() })));
    expect(responses.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);

    const balances = await Promise.all(owners.map(async (o) => (await api.call('GET', `/v1/accounts/${o.accountId}`, api.staff)).json().balance as number));
    expect(balances).toEqual(expected);
    expect(balances.every((b) => b >= 0)).toBe(true);

    const perCurrency = await sql<{ currency: string; total: string }>`select currency, sum(amount)::text as total from postings group by currency`.execute(api.test.db);
    expect(perCurrency.rows.every((row) => row.total === '0')).toBe(true);
    const drift = await sql<{ id: string }>`
      select a.id from accounts a left join postings p on p.account_id = a.id
      group by a.id, a.balance having a.balance <> coalesce(sum(p.amount), 0)
    `.execute(api.test.db);
    expect(drift.rows).toEqual([]);
  });
});
