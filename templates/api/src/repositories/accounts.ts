import { randomInt } from 'node:crypto';
import { RawBuilder, sql } from 'kysely';
import type { Executor } from './executor';
import type { AccountStatus, AccountType } from '../db/database';

export interface Account {
  readonly id: string;
  readonly customerId: string | null;
  readonly number: string;
  readonly type: AccountType;
  readonly currency: string;
  readonly balance: bigint;
  readonly status: AccountStatus;
  readonly createdAt: Date;
}

const COLUMNS = ['id', 'customer_id', 'number', 'type', 'currency', 'balance', 'status', 'created_at'] as const;

type AccountRow = {
  id: string;
  customer_id: string | null;
  number: string;
  type: AccountType;
  currency: string;
  balance: bigint;
  status: AccountStatus;
  created_at: Date;
};

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    customerId: row.customer_id,
    number: row.number,
    type: row.type,
    currency: row.currency,
    balance: BigInt(row.balance),
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * A 12-digit account number; uniqueness is the database's job (unique index, retried on clash).
 * Twelve digits on purpose: card numbers have 13 to 19, so an account number can never be
 * mistaken for one by the log masking or by a PCI DSS data-discovery scan.
 */
function accountNumber(): string {
  return Array.from({ length: 12 }, (_, i) => String(randomInt(i === 0 ? 1 : 0, 10))).join('');
}

export async function insertAccount(db: Executor, account: { customerId: string; type: 'current' | 'savings'; currency: string }): Promise<Account> {
  for (let attempt = 0; ; attempt++) {
    const row = await db
      .insertInto('accounts')
      .values({ customer_id: account.customerId, type: account.type, currency: account.currency, number: accountNumber() })
      .onConflict((conflict) => conflict.column('number').doNothing())
      .returning(COLUMNS)
      .executeTakeFirst();
    if (row) {
      return toAccount(row);
    }
    if (attempt >= 5) {
      throw new Error('could not allocate a unique account number');
    }
  }
}

export async function findAccount(db: Executor, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom('accounts').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function listCustomerAccounts(db: Executor, customerId: string): Promise<Account[]> {
  const rows = await db.selectFrom('accounts').select(COLUMNS).where('customer_id', '=', customerId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAccount);
}

/** A locked account with the `externalId` of its owner (`null` for the bank's own accounts). */
export interface LockedAccount {
  readonly account: Account;
  readonly ownerExternalId: string | null;
  /** The transaction's timestamp (`now()`): every row the transaction writes carries it. */
  readonly transactionTime: Date;
}

/**
 * Locks the accounts for the rest of the transaction, in id order (PostgreSQL locks the rows
 * of `order by ... for update` in that order), and reads their owners in the same query.
 * Every writer locks in the same order, so two transfers between the same accounts queue up
 * instead of deadlocking, and no update is lost.
 */
export async function lockAccounts(db: Executor, ids: readonly string[]): Promise<Map<string, LockedAccount>> {
  const rows = await db
    .selectFrom('accounts')
    .leftJoin('customers', 'customers.id', 'accounts.customer_id')
    .select([
      'accounts.id', 'accounts.customer_id', 'accounts.number', 'accounts.type', 'accounts.currency',
      'accounts.balance', 'accounts.status', 'accounts.created_at', 'customers.external_id',
    ])
    .select(sql<Date>`now()`.as('transaction_time'))
    .where('accounts.id', 'in', [...new Set(ids)])
    .orderBy('accounts.id')
    .forUpdate('accounts')
    .execute();
  return new Map(rows.map((row) => [row.id, { account: toAccount(row), ownerExternalId: row.external_id, transactionTime: row.transaction_time }]));
}

/** The bank's own account of `type` in `currency`, created on first use. */
export async function internalAccount(db: Executor, type: 'settlement' | 'loans-receivable' | 'interest-income', currency: string): Promise<Account> {
  await db
    .insertInto('accounts')
    .values({ customer_id: null, type, currency, number: `${type.toUpperCase()}-${currency}` })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const row = await db
    .selectFrom('accounts')
    .select(COLUMNS)
    .where('type', '=', type)
    .where('currency', '=', currency)
    .where('customer_id', 'is', null)
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

/**
 * The statement that sets the balances of several accounts, for the ledger to run together
 * with the postings that explain them.
 */
export function balanceUpdate(balances: ReadonlyMap<string, bigint>): RawBuilder<unknown> {
  const cases = [...balances].map(([id, balance]) => sql`when ${id}::uuid then ${balance}::bigint`);
  return sql`
    update accounts set balance = case id ${sql.join(cases, sql` `)} end
    where id in (${sql.join([...balances.keys()].map((id) => sql`${id}::uuid`))})
  `;
}
