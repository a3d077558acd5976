import { sql } from 'kysely';
import type { Executor } from './executor';

export interface StoredOutcome {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

/**
 * Claims `key` for this transaction. Returns `undefined` when the claim succeeded; otherwise
 * the stored outcome of the request that claimed it first. A concurrent duplicate waits here
 * on the primary key until the first transaction commits (then sees its outcome) or rolls
 * back (then claims the key itself): exactly one of them takes effect.
 */
export async function claimIdempotencyKey(trx: Executor, principal: string, key: string, requestHash: string): Promise<StoredOutcome | undefined> {
  const claimed = await trx
    .insertInto('idempotency_keys')
    .values({ principal, key, request_hash: requestHash, status_code: 0, response: 'null' })
    .onConflict((conflict) => conflict.columns(['principal', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) {
    return undefined;
  }
  const stored = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return { requestHash: stored.request_hash, statusCode: stored.status_code, response: stored.response };
}

/** Records the outcome of the request that claimed `key`, in the same transaction as its effect. */
export async function storeOutcome(trx: Executor, principal: string, key: string, statusCode: number, response: unknown): Promise<void> {
  await sql`
    update idempotency_keys set status_code = ${statusCode}, response = ${JSON.stringify(response)}::jsonb
    where principal = ${principal} and key = ${key}
  `.execute(trx);
}
