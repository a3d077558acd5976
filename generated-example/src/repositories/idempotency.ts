import type { Executor } from './executor';

export interface StoredOutcome {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

/**
 * The insert that records the outcome of the request that used `key` first. A second insert
 * of the same key fails on the primary key (see `isKeyAlreadyUsed`); while the first is not yet
 * committed, it waits, then fails (first committed) or succeeds (first rolled back).
 */
export function outcomeInsert(db: Executor, principal: string, key: string, outcome: StoredOutcome) {
  return db.insertInto('idempotency_keys').values({
    principal,
    key,
    request_hash: outcome.requestHash,
    status_code: outcome.statusCode,
    response: JSON.stringify(outcome.response),
  });
}

/** Whether `error` is the primary-key conflict of recording an outcome for a used key. */
export function isKeyAlreadyUsed(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'idempotency_keys_pk';
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
