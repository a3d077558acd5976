import { Kysely, sql } from 'kysely';

/**
 * Loans with their amortization schedule, repayments, and payment cards.
 *
 * The schema exists whether or not a service offers loans or cards: migrations are history
 * and must not depend on today's feature switches. Money moves only through the ledger; the
 * instalment table records how much of each instalment is paid, and the repayment table,
 * append-only, how each repayment was allocated.
 *
 * Cards keep what PCI DSS allows: a keyed token, the last four digits, brand and expiry.
 * No column can hold a full card number or a security code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('loans')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('customer_id', 'uuid', (col) => col.notNull().references('customers.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('disbursement_entry_id', 'uuid', (col) => col.notNull().unique().references('journal_entries.id'))
    .addColumn('principal', 'bigint', (col) => col.notNull().check(sql`principal > 0`))
    .addColumn('annual_interest_rate_bps', 'integer', (col) => col.notNull().check(sql`annual_interest_rate_bps between 0 and 100000`))
    .addColumn('term_months', 'integer', (col) => col.notNull().check(sql`term_months between 1 and 600`))
    .addColumn('currency', 'char(3)', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active').check(sql`status in ('active', 'repaid')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('loans_customer').on('loans').column('customer_id').execute();

  await db.schema
    .createTable('loan_instalments')
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loans.id'))
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('due_date', 'date', (col) => col.notNull())
    .addColumn('principal', 'bigint', (col) => col.notNull().check(sql`principal >= 0`))
    .addColumn('interest', 'bigint', (col) => col.notNull().check(sql`interest >= 0`))
    .addColumn('paid_principal', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_interest', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('loan_instalments_pk', ['loan_id', 'number'])
    .addCheckConstraint('loan_instalments_paid_within_due', sql`paid_principal between 0 and principal and paid_interest between 0 and interest`)
    .execute();

  await db.schema
    .createTable('loan_repayments')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loans.id'))
    .addColumn('entry_id', 'uuid', (col) => col.notNull().unique().references('journal_entries.id'))
    .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount > 0`))
    .addColumn('allocations', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    create trigger loan_repayments_append_only before update or delete on loan_repayments
    for each row execute function refuse_append_only_change()
  `.execute(db);

  await db.schema
    .createTable('cards')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('token', 'text', (col) => col.notNull().unique().check(sql`token ~ '^tok_[0-9a-f]{64}$'`))
    .addColumn('brand', 'text', (col) => col.notNull())
    .addColumn('last4', 'char(4)', (col) => col.notNull().check(sql`last4 ~ '^[0-9]{4}$'`))
    .addColumn('expiry_month', 'integer', (col) => col.notNull().check(sql`expiry_month between 1 and 12`))
    .addColumn('expiry_year', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active').check(sql`status in ('active', 'frozen')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('cards_account').on('cards').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['cards', 'loan_repayments', 'loan_instalments', 'loans']) {
    await db.schema.dropTable(table).execute();
  }
}
