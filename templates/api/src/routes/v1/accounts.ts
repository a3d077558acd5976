import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendWrite } from './reply';
import { views } from './views';
import { toMinorUnits } from '../../domain/money';
import { problems } from '../../domain/problems';
import { actorOf } from '../../plugins/app/authentication';
import { Account, AccountCreate, DepositCreate, HistoryQuery, Transaction, TransactionPage } from '../../schemas/banking';
import { ERROR_RESPONSES, IdempotencyKeyHeader, Uuid } from '../../schemas/common';
import { accountHistory, deposit, listAccounts, openAccount, visibleAccount } from '../../services/banking';

const AccountParams = Type.Object({ id: Uuid });

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/v1/accounts', {
    schema: {
      tags: ['accounts'],
      summary: 'Open an account (customers for themselves; staff for a customer)',
      headers: Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKeyHeader) }),
      body: AccountCreate,
      response: { 201: Account, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx) => ({
    status: 201,
    body: views.account(await openAccount(trx, actorOf(request), request.body)),
  })));

  app.get('/v1/accounts', {
    schema: {
      tags: ['accounts'],
      summary: 'List accounts (a customer\'s own; staff name the customer)',
      querystring: Type.Object({ customerId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Account) }), ...ERROR_RESPONSES },
    },
  }, async (request) => ({ data: (await listAccounts(app.db, actorOf(request), request.query.customerId)).map(views.account) }));

  app.get('/v1/accounts/:id', {
    schema: { tags: ['accounts'], summary: 'One account', params: AccountParams, response: { 200: Account, ...ERROR_RESPONSES } },
  }, async (request) => views.account(await visibleAccount(app.db, actorOf(request), request.params.id)));

  app.post('/v1/accounts/:id/deposits', {
    schema: {
      tags: ['accounts'],
      summary: 'Deposit into an account from the bank\'s settlement account (staff)',
      params: AccountParams,
      headers: Type.Object({ 'idempotency-key': IdempotencyKeyHeader }),
      body: DepositCreate,
      response: { 201: Transaction, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => sendWrite(request, reply, request.headers['idempotency-key'], async (trx) => {
    const amount = toMinorUnits(request.body.amount);
    const { entry, account } = await deposit(trx, actorOf(request), { accountId: request.params.id, amount, reference: request.body.reference });
    const posting = entry.postings.find((p) => p.accountId === account.id)!;
    return {
      status: 201,
      body: views.transaction({
        id: posting.id,
        entryId: entry.id,
        kind: 'deposit',
        amount: posting.amount,
        balanceAfter: posting.balanceAfter,
        currency: account.currency,
        reference: request.body.reference,
        createdAt: entry.createdAt,
      }),
    };
  }));

  app.get('/v1/accounts/:id/transactions', {
    schema: {
      tags: ['accounts'],
      summary: 'Transaction history, newest first, cursor-paginated',
      params: AccountParams,
      querystring: HistoryQuery,
      response: { 200: TransactionPage, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const limit = Number(request.query.limit ?? '20');
    const before = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
    const rows = await accountHistory(app.db, actorOf(request), {
      accountId: request.params.id,
      limit: limit + 1,
      before,
      from: request.query.from === undefined ? undefined : new Date(request.query.from),
      to: request.query.to === undefined ? undefined : new Date(request.query.to),
    });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1].id) : null;
    return { data: page.map(views.transaction), nextCursor };
  });
};

/** The cursor is the last posting id of a page, opaque to clients. */
function encodeCursor(postingId: bigint): string {
  return Buffer.from(`p:${postingId}`).toString('base64url');
}

function decodeCursor(cursor: string): bigint {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf-8');
  const match = /^p:(\d{1,19})$/.exec(decoded);
  if (!match) {
    throw problems.invalid('querystring/cursor', 'is not a cursor this API issued');
  }
  return BigInt(match[1]);
}

export default accountRoutes;
