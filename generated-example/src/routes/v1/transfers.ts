import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendWrite } from './reply';
import { views } from './views';
import { toMinorUnits } from '../../domain/money';
import { actorOf } from '../../plugins/app/authentication';
import { Transfer, TransferCreate } from '../../schemas/banking';
import { ERROR_RESPONSES, IdempotencyKeyHeader } from '../../schemas/common';
import { transfer } from '../../services/banking';

const transferRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/v1/transfers', {
    schema: {
      tags: ['transfers'],
      summary: 'Move money between two accounts of the same currency',
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: TransferCreate,
      response: { 201: Transfer, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx, recorder) => {
    // The outcome is recorded in the transfer's own write statement (one round trip fewer).
    const input = { ...request.body, amount: toMinorUnits(request.body.amount) };
    const created = await transfer(trx, actorOf(request), input, (made) => recorder.insert({ status: 201, body: views.transfer(made) }));
    return { status: 201, body: views.transfer(created) };
  }));
};

export default transferRoutes;
