import { sql } from 'kysely';
import type { Executor } from './executor';
import type { Allocation, Instalment, InstalmentState } from '../domain/loans';

export interface Loan {
  readonly id: string;
  readonly customerId: string;
  readonly accountId: string;
  readonly principal: bigint;
  readonly annualInterestRateBps: number;
  readonly termMonths: number;
  readonly currency: string;
  readonly status: 'active' | 'repaid';
  readonly createdAt: Date;
}

const LOAN_COLUMNS = ['id', 'customer_id', 'account_id', 'principal', 'annual_interest_rate_bps', 'term_months', 'currency', 'status', 'created_at'] as const;

type LoanRow = {
  id: string;
  customer_id: string;
  account_id: string;
  principal: bigint;
  annual_interest_rate_bps: number;
  term_months: number;
  currency: string;
  status: 'active' | 'repaid';
  created_at: Date;
};

function toLoan(row: LoanRow): Loan {
  return {
    id: row.id,
    customerId: row.customer_id,
    accountId: row.account_id,
    principal: BigInt(row.principal),
    annualInterestRateBps: row.annual_interest_rate_bps,
    termMonths: row.term_months,
    currency: row.currency,
    status: row.status,
    createdAt: row.created_at,
  };
}

export async function insertLoan(
  db: Executor,
  loan: Omit<Loan, 'id' | 'status' | 'createdAt'> & { disbursementEntryId: string },
  schedule: readonly Instalment[],
): Promise<Loan> {
  const row = await db
    .insertInto('loans')
    .values({
      customer_id: loan.customerId,
      account_id: loan.accountId,
      disbursement_entry_id: loan.disbursementEntryId,
      principal: loan.principal,
      annual_interest_rate_bps: loan.annualInterestRateBps,
      term_months: loan.termMonths,
      currency: loan.currency,
    })
    .returning(LOAN_COLUMNS)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('loan_instalments')
    .values(schedule.map((i) => ({ loan_id: row.id, number: i.number, due_date: i.dueDate, principal: i.principal, interest: i.interest })))
    .execute();
  return toLoan(row);
}

export async function findLoan(db: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<Loan | undefined> {
  let query = db.selectFrom('loans').select(LOAN_COLUMNS).where('id', '=', id);
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  const row = await query.executeTakeFirst();
  return row && toLoan(row);
}

export async function listCustomerLoans(db: Executor, customerId: string): Promise<Loan[]> {
  const rows = await db.selectFrom('loans').select(LOAN_COLUMNS).where('customer_id', '=', customerId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toLoan);
}

export async function loanInstalments(db: Executor, loanId: string): Promise<InstalmentState[]> {
  const rows = await db
    .selectFrom('loan_instalments')
    .select(['number', sql<string>`due_date::text`.as('due_date'), 'principal', 'interest', 'paid_principal', 'paid_interest'])
    .where('loan_id', '=', loanId)
    .orderBy('number')
    .execute();
  return rows.map((row) => ({
    number: row.number,
    dueDate: row.due_date,
    principal: BigInt(row.principal),
    interest: BigInt(row.interest),
    paidPrincipal: BigInt(row.paid_principal),
    paidInterest: BigInt(row.paid_interest),
  }));
}

/** Adds the allocated amounts to the instalments' paid columns and records the repayment. */
export async function recordRepayment(
  db: Executor,
  repayment: { loanId: string; entryId: string; amount: bigint; allocations: readonly Allocation[] },
): Promise<{ id: string; createdAt: Date }> {
  for (const allocation of repayment.allocations) {
    await db
      .updateTable('loan_instalments')
      .set((eb) => ({
        paid_principal: eb('paid_principal', '+', allocation.principal),
        paid_interest: eb('paid_interest', '+', allocation.interest),
      }))
      .where('loan_id', '=', repayment.loanId)
      .where('number', '=', allocation.instalment)
      .execute();
  }
  return db
    .insertInto('loan_repayments')
    .values({
      loan_id: repayment.loanId,
      entry_id: repayment.entryId,
      amount: repayment.amount,
      allocations: JSON.stringify(repayment.allocations.map((a) => ({
        instalment: a.instalment,
        interest: String(a.interest),
        principal: String(a.principal),
      }))),
    })
    .returning(['id', 'created_at as createdAt'])
    .executeTakeFirstOrThrow();
}

export async function setLoanStatus(db: Executor, loanId: string, status: 'active' | 'repaid'): Promise<void> {
  await db.updateTable('loans').set({ status }).where('id', '=', loanId).execute();
}
