import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { actorOf } from '../../plugins/app/authentication';
import { actorId } from '../../services/actor';
import { NO_RECORDING, Outcome, OutcomeRecorder, runIdempotently } from '../../services/idempotent';

/**
 * Runs a write in one transaction and sends its outcome. With an Idempotency-Key the first
 * outcome is stored and replayed for the same key and request (header `idempotent-replayed`).
 */
export async function sendWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string | undefined,
  effect: (trx: Transaction<Database>, recorder: OutcomeRecorder) => Promise<Outcome>,
): Promise<FastifyReply> {
  const db = request.server.db;
  const outcome = key === undefined
    ? { ...(await db.transaction().execute((trx) => effect(trx, NO_RECORDING))), replayed: false }
    : await runIdempotently(db, {
      principal: actorId(actorOf(request)),
      key,
      method: request.method,
      path: request.url.split('?')[0],
      body: request.body,
    }, effect);
  if (outcome.replayed) {
    reply.header('idempotent-replayed', 'true');
  }
  if (outcome.status >= 400) {
    reply.type('application/problem+json');
  }
  return reply.code(outcome.status).send(outcome.body);
}
