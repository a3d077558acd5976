import type { Transaction } from 'kysely';
import { mayAccess, listingOwner } from './access';
import { Actor, actorId } from './actor';
import { visibleAccount } from './banking';
import type { Database } from '../db/database';
import { allocateRepayment, Allocation, amortizationSchedule, InstalmentState, loanStatus, outstanding } from '../domain/loans';
import { problems } from '../domain/problems';
import { internalAccount } from '../repositories/accounts';
import { recordAudit } from '../repositories/audit';
import type { Executor } from '../repositories/executor';
import { postEntry } from '../repositories/ledger';
import { findLoan, insertLoan, listCustomerLoans, Loan, loanInstalments, recordRepayment, setLoanStatus } from '../repositories/loans';

export interface LoanDetails {
  readonly loan: Loan;
  readonly schedule: readonly InstalmentState[];
}

/** Today's date in UTC, `YYYY-MM-DD`: due dates and overdue checks are calendar days. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The same day next month (clamped by the schedule); the first instalment falls due then. */
function firstDueDate(now: Date): string {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return next.toISOString().slice(0, 10);
}

/**
 * Issues a loan on the customer's account: the full amortization schedule is fixed now, and
 * the principal is disbursed through the ledger (from the bank's loans-receivable account).
 */
export async function issueLoan(
  trx: Transaction<Database>,
  actor: Actor,
  input: { accountId: string; principal: bigint; annualInterestRateBps: number; termMonths: number },
  now = new Date(),
): Promise<LoanDetails> {
  const account = await visibleAccount(trx, actor, input.accountId);
  let schedule;
  try {
    schedule = amortizationSchedule({ ...input, firstDueDate: firstDueDate(now) });
  } catch (error) {
    throw problems.invalid('body', (error as Error).message);
  }
  const receivable = await internalAccount(trx, 'loans-receivable', account.currency);
  const entry = await postEntry(trx, { kind: 'loan-disbursement', reference: 'loan disbursement', actor: actorId(actor), requestId: actor.requestId }, [
    { accountId: receivable.id, amount: -input.principal },
    { accountId: account.id, amount: input.principal },
  ]);
  const loan = await insertLoan(trx, {
    customerId: account.customerId!,
    accountId: account.id,
    principal: input.principal,
    annualInterestRateBps: input.annualInterestRateBps,
    termMonths: input.termMonths,
    currency: account.currency,
    disbursementEntryId: entry.id,
  }, schedule);
  await recordAudit(trx, { actor: actorId(actor), action: 'loan.issued', requestId: actor.requestId, details: { loanId: loan.id, entryId: entry.id } });
  return { loan, schedule: schedule.map((i) => ({ ...i, paidPrincipal: 0n, paidInterest: 0n })) };
}

/** A loan the actor may see: customers only their own (others answer 404, like missing ones). */
export async function visibleLoan(db: Executor, actor: Actor, loanId: string, options: { forUpdate?: boolean } = {}): Promise<Loan> {
  const loan = await findLoan(db, loanId, options);
  if (!loan || !(await mayAccess(db, actor, loan.customerId))) {
    throw problems.notFound(`Loan ${loanId}`);
  }
  return loan;
}

export async function loanDetails(db: Executor, actor: Actor, loanId: string): Promise<LoanDetails> {
  const loan = await visibleLoan(db, actor, loanId);
  return { loan, schedule: await loanInstalments(db, loan.id) };
}

export async function listLoans(db: Executor, actor: Actor, customerId?: string): Promise<LoanDetails[]> {
  const loans = await listCustomerLoans(db, await listingOwner(db, actor, customerId, 'loans'));
  return Promise.all(loans.map(async (loan) => ({ loan, schedule: await loanInstalments(db, loan.id) })));
}

/**
 * Takes a repayment from the loan's account. The amount is allocated (overdue interest, then
 * overdue principal, then the current instalment, then later ones: see domain/loans) and
 * moves through the ledger: principal back to loans-receivable, interest to interest-income.
 */
export async function repayLoan(
  trx: Transaction<Database>,
  actor: Actor,
  input: { loanId: string; amount: bigint },
  now = new Date(),
): Promise<LoanDetails & { repayment: { id: string; amount: bigint; allocations: readonly Allocation[]; createdAt: Date } }> {
  // The loan row lock serializes repayments of one loan; accounts are locked after it, in id order.
  const loan = await visibleLoan(trx, actor, input.loanId, { forUpdate: true });
  const schedule = await loanInstalments(trx, loan.id);
  let allocations: Allocation[];
  try {
    allocations = allocateRepayment(schedule, input.amount, today(now));
  } catch (error) {
    const owed = outstanding(schedule);
    throw problems.repaymentExceedsOutstanding(`The loan has ${owed.principal + owed.interest} outstanding (principal ${owed.principal}, interest ${owed.interest}).`);
  }
  const principal = allocations.reduce((sum, a) => sum + a.principal, 0n);
  const interest = allocations.reduce((sum, a) => sum + a.interest, 0n);
  const receivable = await internalAccount(trx, 'loans-receivable', loan.currency);
  const income = await internalAccount(trx, 'interest-income', loan.currency);
  const lines = [
    { accountId: loan.accountId, amount: -input.amount },
    { accountId: receivable.id, amount: principal },
    { accountId: income.id, amount: interest },
  ].filter((line) => line.amount !== 0n);
  const entry = await postEntry(trx, { kind: 'loan-repayment', reference: `loan ${loan.id} repayment`, actor: actorId(actor), requestId: actor.requestId }, lines);
  const repayment = await recordRepayment(trx, { loanId: loan.id, entryId: entry.id, amount: input.amount, allocations });
  const updated = await loanInstalments(trx, loan.id);
  const status = loanStatus(updated);
  if (status !== loan.status) {
    await setLoanStatus(trx, loan.id, status);
  }
  await recordAudit(trx, {
    actor: actorId(actor),
    action: 'loan.repaid',
    requestId: actor.requestId,
    details: { loanId: loan.id, repaymentId: repayment.id, entryId: entry.id },
  });
  return {
    loan: { ...loan, status },
    schedule: updated,
    repayment: { id: repayment.id, amount: input.amount, allocations, createdAt: repayment.createdAt },
  };
}
