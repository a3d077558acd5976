import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database';
import { Problem, problems } from '../domain/problems';
import { findOutcome, recordOutcome } from '../repositories/idempotency';

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
 * - First use: the effect runs and its outcome (status and body) is recorded under the key in
 *   the same transaction, so either both are committed or neither is.
 * - The same key and request again (even concurrently): the recorded outcome is replayed.
 * - The same key with a different request: 422.
 * - A refusal (a 4xx problem) rolls its transaction back and is then recorded on its own:
 *   the retry gets the same answer. Failures (5xx) record nothing, so a retry runs again.
 *
 * The key is checked when the outcome is recorded, not before the effect: a first request
 * (the usual case) pays no extra round trip. A repeated key finds the recorded outcome at
 * that point, and its own effect is rolled back unseen. Concurrent duplicates queue on the
 * key's primary key, so exactly one effect commits.
 */
export async function runIdempotently(
  db: Kysely<Database>,
  request: IdempotencyRequest,
  effect: (trx: Transaction<Database>) => Promise<Outcome>,
): Promise<Outcome & { readonly replayed: boolean }> {
  const requestHash = hashRequest(request);
  try {
    return await db.transaction().execute(async (trx) => {
      const outcome = await effect(trx);
      if (!(await recordOutcome(trx, request.principal, request.key, { requestHash, statusCode: outcome.status, response: outcome.body }))) {
        throw new KeyAlreadyUsed();
      }
      return { ...outcome, replayed: false };
    });
  } catch (error) {
    if (error instanceof KeyAlreadyUsed) {
      return replay(db, request, requestHash);
    }
    if (!(error instanceof Problem) || error.status >= 500) {
      throw error;
    }
    const refusal = { status: error.status, body: problemBody(error) };
    if (await recordOutcome(db, request.principal, request.key, { requestHash, statusCode: refusal.status, response: refusal.body })) {
      return { ...refusal, replayed: false };
    }
    return replay(db, request, requestHash);
  }
}

/** Thrown inside the transaction to roll back an effect whose key turned out to be used. */
class KeyAlreadyUsed extends Error {}

async function replay(db: Kysely<Database>, request: IdempotencyRequest, requestHash: string): Promise<Outcome & { readonly replayed: boolean }> {
  const stored = await findOutcome(db, request.principal, request.key);
  if (!stored) {
    // Recorded outcomes are never deleted while the service runs; reaching here is a bug.
    throw new Error(`the outcome of idempotency key ${request.key} vanished`);
  }
  if (stored.requestHash !== requestHash) {
    throw problems.idempotencyKeyReused();
  }
  return { status: stored.statusCode, body: stored.response, replayed: true };
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
