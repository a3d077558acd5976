import { createHash } from 'node:crypto';
import { Kysely, sql, Transaction } from 'kysely';
import type { Database } from '../db/database';
import { Problem, problems } from '../domain/problems';
import { claimIdempotencyKey, storeOutcome } from '../repositories/idempotency';

export interface Outcome {
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyRequest {
  /** Keys are scoped per caller: two customers may use the same key independently. */
  readonly principal: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * Runs `effect` in a transaction at most once per idempotency key.
 *
 * - First use: the key is claimed, the effect runs, and its outcome (status and body) is
 *   stored in the same transaction, so either both are committed or neither is.
 * - The same key and request again (even concurrently): the stored outcome is replayed.
 * - The same key with a different request: 422, nothing runs.
 * - A refusal (a 4xx problem) is stored too, after its effects are rolled back to a savepoint:
 *   the retry gets the same answer. Failures (5xx) store nothing, so a retry runs again.
 */
export async function runIdempotently(
  db: Kysely<Database>,
  request: IdempotencyRequest,
  effect: (trx: Transaction<Database>) => Promise<Outcome>,
): Promise<Outcome & { readonly replayed: boolean }> {
  const requestHash = hashRequest(request);
  return db.transaction().execute(async (trx) => {
    const stored = await claimIdempotencyKey(trx, request.principal, request.key, requestHash);
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw problems.idempotencyKeyReused();
      }
      return { status: stored.statusCode, body: stored.response, replayed: true };
    }
    await sql`savepoint idempotent_effect`.execute(trx);
    let outcome: Outcome;
    try {
      outcome = await effect(trx);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) {
        throw error;
      }
      await sql`rollback to savepoint idempotent_effect`.execute(trx);
      outcome = { status: error.status, body: problemBody(error) };
    }
    await storeOutcome(trx, request.principal, request.key, outcome.status, outcome.body);
    return { ...outcome, replayed: false };
  });
}

/** The RFC 9457 body of a problem; shared with the error handler so replays are identical. */
export function problemBody(problem: Problem): Record<string, unknown> {
  return { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, ...problem.extensions };
}

function hashRequest(request: IdempotencyRequest): string {
  return createHash('sha256').update(JSON.stringify([request.method, request.path, canonical(request.body)])).digest('hex');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
