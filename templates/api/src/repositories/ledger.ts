import { lockAccounts, updateBalances } from './accounts';
import type { Executor } from './executor';
import { applyEntry, LedgerAccount, PostingLine } from '../domain/ledger';

export interface EntryMeta {
  readonly kind: 'deposit' | 'transfer' | 'loan-disbursement' | 'loan-repayment' | 'reversal';
  readonly reference: string;
  readonly actor: string;
  readonly requestId: string;
}

export interface PostedEntry {
  readonly id: string;
  readonly createdAt: Date;
  readonly postings: ReadonlyArray<{ readonly id: bigint; readonly accountId: string; readonly amount: bigint; readonly balanceAfter: bigint }>;
}

/**
 * Writes one balanced journal entry: locks the accounts (stable order), lets the domain
 * check and compute the new balances, then inserts the entry and its postings and moves the
 * balances. Call it inside a transaction; the deferred trigger re-checks the balance at commit.
 */
export async function postEntry(trx: Executor, meta: EntryMeta, lines: readonly PostingLine[]): Promise<PostedEntry> {
  const locked = await lockAccounts(trx, lines.map((line) => line.accountId));
  const accounts = new Map<string, LedgerAccount>();
  for (const [id, account] of locked) {
    accounts.set(id, { id, currency: account.currency, balance: account.balance, status: account.status, mayOverdraw: account.customerId === null });
  }
  const finalBalances = applyEntry(accounts, lines);

  const entry = await trx
    .insertInto('journal_entries')
    .values({ kind: meta.kind, reference: meta.reference, actor: meta.actor, request_id: meta.requestId })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();

  const running = new Map<string, bigint>([...locked].map(([id, account]) => [id, account.balance]));
  const rows = lines.map((line) => {
    const balanceAfter = running.get(line.accountId)! + line.amount;
    running.set(line.accountId, balanceAfter);
    return {
      entry_id: entry.id,
      account_id: line.accountId,
      currency: locked.get(line.accountId)!.currency,
      amount: line.amount,
      balance_after: balanceAfter,
    };
  });
  const postings = await trx.insertInto('postings').values(rows).returning(['id', 'account_id', 'amount', 'balance_after']).execute();

  await updateBalances(trx, finalBalances);
  return {
    id: entry.id,
    createdAt: entry.created_at,
    postings: postings.map((p) => ({ id: BigInt(p.id), accountId: p.account_id, amount: BigInt(p.amount), balanceAfter: BigInt(p.balance_after) })),
  };
}
