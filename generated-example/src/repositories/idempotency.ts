import type { Executor } from './executor';

export interface StoredOutcome {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

/**
 * Records the outcome of the request that used `key` first. Returns `false`, writing nothing,
 * when the key already has an outcome. A concurrent insert of the same key waits here on the
 * primary key until the other transaction commits (then `false`) or rolls back (then `true`).
 */
export async function recordOutcome(
  db: Executor,
  principal: string,
  key: string,
  outcome: StoredOutcome,
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      principal,
      key,
      request_hash: outcome.requestHash,
      status_code: outcome.statusCode,
      response: JSON.stringify(outcome.response),
    })
    .onConflict((conflict) => conflict.columns(['principal', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The outcome recorded for `key`, if any. */
export async function findOutcome(db: Executor, principal: string, key: string): Promise<StoredOutcome | undefined> {
  const stored = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
  return stored && { requestHash: stored.request_hash, statusCode: stored.status_code, response: stored.response };
}
