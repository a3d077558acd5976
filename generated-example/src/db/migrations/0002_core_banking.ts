import { Kysely, sql } from 'kysely';

/**
 * Customers, accounts and the double-entry ledger.
 *
 * The database enforces what must never be wrong, whatever the application does:
 * - every journal entry balances to zero per currency (a deferred constraint trigger checks
 *   it at commit, after all of an entry's postings are in);
 * - a posting's currency is its account's currency (composite foreign key);
 * - customer accounts never go below zero (check constraint on the running balance);
 * - journal entries, postings and transfers are append-only (triggers refuse UPDATE and
 *   DELETE); a correction is a new, reversing entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function refuse_append_only_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op;
    end;
    $$
  `.execute(db);

  await db.schema
    .createTable('customers')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('external_id', 'text', (col) => col.notNull().unique())
    .addColumn('full_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('country', 'char(2)', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('customer_id', 'uuid', (col) => col.references('customers.id'))
    .addColumn('number', 'text', (col) => col.notNull().unique())
    .addColumn('type', 'text', (col) => col.notNull().check(sql`type in ('current', 'savings', 'settlement', 'loans-receivable', 'interest-income')`))
    .addColumn('currency', 'char(3)', (col) => col.notNull())
    .addColumn('balance', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active').check(sql`status in ('active', 'frozen', 'closed')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('accounts_id_currency', ['id', 'currency'])
    // Customer accounts belong to a customer; the bank's own (internal) accounts to nobody.
    .addCheckConstraint('accounts_owner', sql`(type in ('current', 'savings')) = (customer_id is not null)`)
    // No overdraft in this version: only the bank's internal accounts may go below zero.
    .addCheckConstraint('accounts_no_overdraft', sql`customer_id is null or balance >= 0`)
    .execute();
  await db.schema.createIndex('accounts_customer').on('accounts').column('customer_id').execute();
  // One internal account of each kind per currency.
  await sql`create unique index accounts_internal on accounts (type, currency) where customer_id is null`.execute(db);

  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('postings')
    // An identity column: per account, postings are written under the account's row lock, so
    // their ids follow commit order and make a stable pagination cursor.
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('entry_id', 'uuid', (col) => col.notNull().references('journal_entries.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull())
    .addColumn('currency', 'char(3)', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount <> 0`))
    .addColumn('balance_after', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('postings_account_currency', ['account_id', 'currency'], 'accounts', ['id', 'currency'])
    .execute();
  await db.schema.createIndex('postings_account_id').on('postings').columns(['account_id', 'id desc']).execute();
  await db.schema.createIndex('postings_entry').on('postings').column('entry_id').execute();

  await sql`
    create function check_entry_balanced() returns trigger language plpgsql as $$
    declare
      unbalanced text;
    begin
      select currency into unbalanced from postings
        where entry_id = new.entry_id group by currency having sum(amount) <> 0 limit 1;
      if unbalanced is not null then
        raise exception 'journal entry % does not balance in %', new.entry_id, unbalanced;
      end if;
      return null;
    end;
    $$
  `.execute(db);
  await sql`
    create constraint trigger postings_balanced after insert on postings
    deferrable initially deferred for each row execute function check_entry_balanced()
  `.execute(db);

  await db.schema
    .createTable('transfers')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('entry_id', 'uuid', (col) => col.notNull().unique().references('journal_entries.id'))
    .addColumn('from_account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('to_account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'char(3)', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('transfers_distinct_accounts', sql`from_account_id <> to_account_id`)
    .execute();

  for (const table of ['journal_entries', 'postings', 'transfers']) {
    await sql`
      create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function refuse_append_only_change()
    `.execute(db);
  }

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('status_code', 'integer', (col) => col.notNull())
    .addColumn('response', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'transfers', 'postings', 'journal_entries', 'accounts', 'customers']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function check_entry_balanced()`.execute(db);
  await sql`drop function refuse_append_only_change()`.execute(db);
}
