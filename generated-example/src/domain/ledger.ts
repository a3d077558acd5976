import { problems } from './problems';

/** One side of a journal entry: a signed amount on one account (credit > 0, debit < 0). */
export interface PostingLine {
  readonly accountId: string;
  readonly amount: bigint;
}

/** An account as the ledger needs it to decide whether a posting may go through. */
export interface LedgerAccount {
  readonly id: string;
  readonly currency: string;
  readonly balance: bigint;
  readonly status: string;
  /** Customer accounts may not go below zero; the bank's internal accounts may. */
  readonly mayOverdraw: boolean;
}

/**
 * Applies `lines` to `accounts` and returns each account's balance afterwards, refusing an
 * entry that does not balance, mixes currencies, touches an inactive account or would take
 * a customer account below zero. Pure: the repository persists what this returns.
 */
export function applyEntry(accounts: ReadonlyMap<string, LedgerAccount>, lines: readonly PostingLine[]): Map<string, bigint> {
  if (lines.length < 2) {
    throw new RangeError('a journal entry needs at least two postings');
  }
  const total = lines.reduce((sum, line) => sum + line.amount, 0n);
  if (total !== 0n) {
    throw new RangeError(`journal entry does not balance: postings sum to ${total}`);
  }
  const currencies = new Set<string>();
  const balances = new Map<string, bigint>();
  for (const line of lines) {
    const account = accounts.get(line.accountId);
    if (!account) {
      throw problems.notFound(`Account ${line.accountId}`);
    }
    if (account.status !== 'active') {
      throw problems.accountNotActive(account.id);
    }
    currencies.add(account.currency);
    balances.set(account.id, (balances.get(account.id) ?? account.balance) + line.amount);
  }
  if (currencies.size !== 1) {
    throw problems.currencyMismatch('All accounts of a transaction must hold the same currency.');
  }
  for (const [accountId, balance] of balances) {
    if (balance < 0n && !accounts.get(accountId)!.mayOverdraw) {
      throw problems.insufficientFunds(accountId);
    }
  }
  return balances;
}
