import type { Executor } from './executor';

/** One line of an account's history: a posting with the entry it belongs to. */
export interface AccountTransaction {
  readonly id: bigint;
  readonly entryId: string;
  readonly kind: string;
  readonly amount: bigint;
  readonly balanceAfter: bigint;
  readonly currency: string;
  readonly reference: string;
  readonly createdAt: Date;
}

export interface HistoryQuery {
  readonly accountId: string;
  readonly limit: number;
  /** Only postings with a smaller id (older): the keyset cursor. */
  readonly before?: bigint;
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * Newest first, keyset-paginated on the posting id. Postings of one account are written
 * under that account's row lock, so ids grow in commit order: a page boundary never moves
 * when new transactions arrive, and no row is skipped or repeated.
 */
export async function listAccountTransactions(db: Executor, query: HistoryQuery): Promise<AccountTransaction[]> {
  let select = db
    .selectFrom('postings')
    .innerJoin('journal_entries', 'journal_entries.id', 'postings.entry_id')
    .select([
      'postings.id', 'postings.entry_id', 'journal_entries.kind', 'postings.amount', 'postings.balance_after',
      'postings.currency', 'journal_entries.reference', 'postings.created_at',
    ])
    .where('postings.account_id', '=', query.accountId);
  if (query.before !== undefined) {
    select = select.where('postings.id', '<', query.before);
  }
  if (query.from) {
    select = select.where('postings.created_at', '>=', query.from);
  }
  if (query.to) {
    select = select.where('postings.created_at', '<', query.to);
  }
  const rows = await select.orderBy('postings.id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    id: BigInt(row.id),
    entryId: row.entry_id,
    kind: row.kind,
    amount: BigInt(row.amount),
    balanceAfter: BigInt(row.balance_after),
    currency: row.currency,
    reference: row.reference,
    createdAt: row.created_at,
  }));
}
