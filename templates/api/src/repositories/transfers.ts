import type { Executor } from './executor';

export interface Transfer {
  readonly id: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly reference: string;
  readonly createdAt: Date;
}

export async function insertTransfer(db: Executor, transfer: Omit<Transfer, 'id' | 'createdAt'> & { entryId: string }): Promise<Transfer> {
  const row = await db
    .insertInto('transfers')
    .values({
      entry_id: transfer.entryId,
      from_account_id: transfer.fromAccountId,
      to_account_id: transfer.toAccountId,
      amount: transfer.amount,
      currency: transfer.currency,
      reference: transfer.reference,
    })
    .returning(['id', 'from_account_id', 'to_account_id', 'amount', 'currency', 'reference', 'created_at'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    fromAccountId: row.from_account_id,
    toAccountId: row.to_account_id,
    amount: BigInt(row.amount),
    currency: row.currency,
    reference: row.reference,
    createdAt: row.created_at,
  };
}
