import { randomUUID } from 'node:crypto';
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

export type NewTransfer = Transfer & { readonly entryId: string };

/** A fresh transfer id: the transfer is written inside its journal entry's statement. */
export function newTransferId(): string {
  return randomUUID();
}

/**
 * The insert of a transfer record, run alongside the journal entry that moves its money. Its
 * `created_at` is the transaction's `now()`, the same instant as `transfer.createdAt`.
 */
export function transferInsert(db: Executor, transfer: NewTransfer) {
  return db.insertInto('transfers').values({
    id: transfer.id,
    entry_id: transfer.entryId,
    from_account_id: transfer.fromAccountId,
    to_account_id: transfer.toAccountId,
    amount: transfer.amount,
    currency: transfer.currency,
    reference: transfer.reference,
  });
}
