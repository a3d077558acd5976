import { randomUUID } from 'node:crypto';
import { OperationNodeSource, sql } from 'kysely';
import { balanceUpdate, LockedAccount, lockAccounts } from './accounts';
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
  /** The transaction's timestamp: every row the transaction writes carries the same `now()`. */
  readonly createdAt: Date;
  readonly postings: ReadonlyArray<{ readonly id: bigint; readonly accountId: string; readonly amount: bigint; readonly balanceAfter: bigint }>;
}

export interface PostEntryOptions {
  /** Accounts the caller already locked with `lockAccounts` in this transaction. */
  readonly locked?: ReadonlyMap<string, LockedAccount>;
  /**
   * Further inserts that belong to the same money movement (the transfer record, the audit
   * event, the idempotency record). They run in the entry's own statement, so a transfer
   * costs one round trip to write; if one fails, the whole statement does.
   */
  readonly alongside?: ReadonlyArray<OperationNodeSource | undefined>;
}

interface PostingRow {
  id: string | bigint;
  account_id: string;
  amount: string | bigint;
  balance_after: string | bigint;
  created_at: Date;
}

/** A fresh journal entry id, for callers that write rows referring to the entry alongside it. */
export function newEntryId(): string {
  return randomUUID();
}

/**
 * Writes one balanced journal entry: locks the accounts (stable order) unless the caller did,
 * lets the domain check and compute the new balances, then writes the entry, its postings,
 * the new balances and the `alongside` inserts as one statement (data-modifying CTEs: one
 * snapshot, one round trip). Call it inside a transaction; the deferred trigger re-checks
 * the balance at commit.
 */
export async function postEntry(
  trx: Executor,
  meta: EntryMeta & { readonly id?: string },
  lines: readonly PostingLine[],
  options: PostEntryOptions = {},
): Promise<PostedEntry> {
  const locked = options.locked ?? (await lockAccounts(trx, lines.map((line) => line.accountId)));
  const accounts = new Map<string, LedgerAccount>();
  for (const [id, { account }] of locked) {
    accounts.set(id, { id, currency: account.currency, balance: account.balance, status: account.status, mayOverdraw: account.customerId === null });
  }
  const finalBalances = applyEntry(accounts, lines);

  const entryId = meta.id ?? newEntryId();
  const running = new Map<string, bigint>([...locked].map(([id, { account }]) => [id, account.balance]));
  const rows = lines.map((line) => {
    const balanceAfter = running.get(line.accountId)! + line.amount;
    running.set(line.accountId, balanceAfter);
    return {
      entry_id: entryId,
      account_id: line.accountId,
      currency: locked.get(line.accountId)!.account.currency,
      amount: line.amount,
      balance_after: balanceAfter,
    };
  });

  const entry = trx
    .insertInto('journal_entries')
    .values({ id: entryId, kind: meta.kind, reference: meta.reference, actor: meta.actor, request_id: meta.requestId })
    .returning('created_at');
  const postings = trx.insertInto('postings').values(rows).returning(['id', 'account_id', 'amount', 'balance_after']);
  // The postings refer to the entry by its id; the foreign key is checked at the end of the
  // statement, when the entry's row exists.
  const others = (options.alongside ?? []).filter((write) => write !== undefined).map((write, index) => sql`${sql.id(`alongside_${index}`)} as (${write})`);
  const { rows: posted } = await sql<PostingRow>`
    with entry as (${entry}),
      posted as (${postings}),
      balances as (${balanceUpdate(finalBalances)})${others.length > 0 ? sql`, ${sql.join(others)}` : sql``}
    select posted.*, entry.created_at from posted cross join entry order by posted.id
  `.execute(trx);

  return {
    id: entryId,
    createdAt: posted[0].created_at,
    postings: posted.map((p) => ({ id: BigInt(p.id), accountId: p.account_id, amount: BigInt(p.amount), balanceAfter: BigInt(p.balance_after) })),
  };
}
