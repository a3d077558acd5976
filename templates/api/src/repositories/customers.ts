import type { Executor } from './executor';

export interface Customer {
  readonly id: string;
  readonly externalId: string;
  readonly fullName: string;
  readonly email: string;
  readonly country: string;
  readonly createdAt: Date;
}

export interface NewCustomer {
  readonly externalId: string;
  readonly fullName: string;
  readonly email: string;
  readonly country: string;
}

const COLUMNS = ['id', 'external_id', 'full_name', 'email', 'country', 'created_at'] as const;

type CustomerRow = { id: string; external_id: string; full_name: string; email: string; country: string; created_at: Date };

function toCustomer(row: CustomerRow): Customer {
  return { id: row.id, externalId: row.external_id, fullName: row.full_name, email: row.email, country: row.country, createdAt: row.created_at };
}

/** Inserts a customer; returns `undefined` when the external id is taken. */
export async function insertCustomer(db: Executor, customer: NewCustomer): Promise<Customer | undefined> {
  const row = await db
    .insertInto('customers')
    .values({ external_id: customer.externalId, full_name: customer.fullName, email: customer.email, country: customer.country })
    .onConflict((conflict) => conflict.column('external_id').doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toCustomer(row);
}

export async function findCustomerByExternalId(db: Executor, externalId: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').select(COLUMNS).where('external_id', '=', externalId).executeTakeFirst();
  return row && toCustomer(row);
}

export async function findCustomer(db: Executor, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toCustomer(row);
}
