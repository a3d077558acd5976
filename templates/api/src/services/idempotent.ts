import { createHash } from 'node:crypto';
import type { Kysely, OperationNodeSource, Transaction } from 'kysely';
import type { Database } from '../db/database';
import { Problem, problems } from '../domain/problems';
import { findOutcome, isKeyAlreadyUsed, outcomeInsert } from '../repositories/idempotency';

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
 * Lets an effect record its outcome inside its own last statement instead of a statement of
 * its own: one database round trip fewer on the hot path (transfers).
 */
export interface OutcomeRecorder {
  /**
   * The insert recording `outcome` under the request's key, to run alongside the effect's
   * last write; `undefined` when the request carries no idempotency key. The response is then
   * exactly the recorded outcome.
   */
  insert(outcome: Outcome): OperationNodeSource | undefined;
}

/** For writes without an idempotency key: nothing to record. */
export const NO_RECORDING: OutcomeRecorder = { insert: () => undefined };

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
 * (the usual case) pays no extra round trip. A used key makes the recording insert fail on
 * the primary key; the effect is rolled back unseen and the recorded outcome replayed.
 * Concurrent duplicates queue on that primary key, so exactly one effect commits.
 */
export async function runIdempotently(
  db: Kysely<Database>,
  request: IdempotencyRequest,
  effect: (trx: Transaction<Database>, recorder: OutcomeRecorder) => Promise<Outcome>,
): Promise<Outcome & { readonly replayed: boolean }> {
  const requestHash = hashRequest(request);
  const record = (executor: Kysely<Database>, outcome: Outcome) =>
    outcomeInsert(executor, request.principal, request.key, { requestHash, statusCode: outcome.status, response: outcome.body });
  try {
    return await db.transaction().execute(async (trx) => {
      let recorded: Outcome | undefined;
      const outcome = await effect(trx, {
        insert: (result) => {
          recorded = result;
          return record(trx, result);
        },
      });
      if (recorded === undefined) {
        await record(trx, outcome).execute();
      }
      return { ...(recorded ?? outcome), replayed: false };
    });
  } catch (error) {
    if (isKeyAlreadyUsed(error)) {
      return replay(db, request, requestHash);
    }
    if (!(error instanceof Problem) || error.status >= 500) {
      throw error;
    }
    const refusal = { status: error.status, body: problemBody(error) };
    try {
      await record(db, refusal).execute();
      return { ...refusal, replayed: false };
    } catch (recordError) {
      if (isKeyAlreadyUsed(recordError)) {
        return replay(db, request, requestHash);
      }
      throw recordError;
    }
  }
}

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
