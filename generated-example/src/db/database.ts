import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/**
 * The typed shape of the database, one interface per table. Kysely checks every query
 * against it at compile time; migrations are what make it true at run time.
 * Money columns are `bigint` (integer minor units): both engines return them as BigInt.
 */
export interface Database {
  audit_events: AuditEventTable;
  customers: CustomerTable;
  accounts: AccountTable;
  journal_entries: JournalEntryTable;
  postings: PostingTable;
  transfers: TransferTable;
  idempotency_keys: IdempotencyKeyTable;
  loans: LoanTable;
  loan_instalments: LoanInstalmentTable;
  loan_repayments: LoanRepaymentTable;
  cards: CardTable;
}

type CreatedAt = ColumnType<Date, never, never>;

/** Append-only record of every state change: who did what, when, under which request. */
export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: CreatedAt;
  actor: string;
  action: string;
  request_id: string;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface CustomerTable {
  id: Generated<string>;
  external_id: string;
  full_name: string;
  email: string;
  country: string;
  created_at: CreatedAt;
}

export type AccountType = 'current' | 'savings' | 'settlement' | 'loans-receivable' | 'interest-income';
export type AccountStatus = 'active' | 'frozen' | 'closed';

export interface AccountTable {
  id: Generated<string>;
  customer_id: string | null;
  number: string;
  type: AccountType;
  currency: string;
  balance: ColumnType<bigint, bigint | undefined, bigint>;
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  created_at: CreatedAt;
}

export interface JournalEntryTable {
  id: Generated<string>;
  kind: string;
  reference: string;
  actor: string;
  request_id: string;
  created_at: CreatedAt;
}

export interface PostingTable {
  id: GeneratedAlways<bigint>;
  entry_id: string;
  account_id: string;
  currency: string;
  amount: bigint;
  balance_after: bigint;
  created_at: CreatedAt;
}

export interface TransferTable {
  id: Generated<string>;
  entry_id: string;
  from_account_id: string;
  to_account_id: string;
  amount: bigint;
  currency: string;
  reference: string;
  created_at: CreatedAt;
}

export interface IdempotencyKeyTable {
  principal: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

export interface LoanTable {
  id: Generated<string>;
  customer_id: string;
  account_id: string;
  disbursement_entry_id: string;
  principal: bigint;
  annual_interest_rate_bps: number;
  term_months: number;
  currency: string;
  status: ColumnType<'active' | 'repaid', 'active' | 'repaid' | undefined, 'active' | 'repaid'>;
  created_at: CreatedAt;
}

export interface LoanInstalmentTable {
  loan_id: string;
  number: number;
  /** `YYYY-MM-DD`; read as text so no time zone can shift it. */
  due_date: ColumnType<string, string, never>;
  principal: bigint;
  interest: bigint;
  paid_principal: ColumnType<bigint, bigint | undefined, bigint>;
  paid_interest: ColumnType<bigint, bigint | undefined, bigint>;
}

export interface LoanRepaymentTable {
  id: Generated<string>;
  loan_id: string;
  entry_id: string;
  amount: bigint;
  allocations: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

export interface CardTable {
  id: Generated<string>;
  account_id: string;
  token: string;
  brand: string;
  last4: string;
  expiry_month: number;
  expiry_year: number;
  status: ColumnType<'active' | 'frozen', 'active' | 'frozen' | undefined, 'active' | 'frozen'>;
  created_at: CreatedAt;
}
