import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendWrite } from './reply';
import { actorOf } from '../../plugins/app/authentication';
import type { Card as CardRecord } from '../../repositories/cards';
import { Card, CardCreate } from '../../schemas/cards';
import { ERROR_RESPONSES, IdempotencyKeyHeader, Uuid } from '../../schemas/common';
import { issueAccountCard, listCards, setCardFrozen } from '../../services/cards';

const CardParams = Type.Object({ id: Uuid });

/** A card in JSON: token, last four digits, brand, expiry and status; never a card number. */
function cardView(card: CardRecord) {
  return {
    id: card.id,
    accountId: card.accountId,
    brand: card.brand,
    last4: card.last4,
    expiryMonth: card.expiryMonth,
    expiryYear: card.expiryYear,
    status: card.status,
  };
}

/** Cards: issue, list, freeze, unfreeze. The full card number never leaves the issuing code. */
const cardRoutes: FastifyPluginAsyncTypebox<{ tokenKey: Buffer }> = async (app, options) => {
  app.post('/v1/cards', {
    schema: {
      tags: ['cards'],
      summary: 'Issue a card on an account',
      headers: Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKeyHeader) }),
      body: CardCreate,
      response: { 201: Card, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx) => ({
    status: 201,
    body: cardView(await issueAccountCard(trx, actorOf(request), request.body.accountId, options.tokenKey)),
  })));

  app.get('/v1/cards', {
    schema: {
      tags: ['cards'],
      summary: 'List cards (a customer\'s own; staff name the customer)',
      querystring: Type.Object({ customerId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Card) }), ...ERROR_RESPONSES },
    },
  }, async (request) => ({ data: (await listCards(app.db, actorOf(request), request.query.customerId)).map(cardView) }));

  for (const [action, frozen] of [['freeze', true], ['unfreeze', false]] as const) {
    app.post(`/v1/cards/:id/${action}`, {
      schema: { tags: ['cards'], summary: `${action === 'freeze' ? 'Freeze' : 'Unfreeze'} a card`, params: CardParams, response: { 200: Card, ...ERROR_RESPONSES } },
    }, async (request, reply) => sendWrite(request, reply, undefined, async (trx) => ({
      status: 200,
      body: cardView(await setCardFrozen(trx, actorOf(request), request.params.id, frozen)),
    })));
  }
};

export default cardRoutes;
