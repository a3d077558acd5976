import type { Transaction } from 'kysely';
import { listingOwner } from './access';
import { Actor, actorId } from './actor';
import { visibleAccount } from './banking';
import type { Database } from '../db/database';
import { issueCard } from '../domain/cards';
import { problems } from '../domain/problems';
import { recordAudit } from '../repositories/audit';
import { Card, findCard, insertCard, listCardsOfCustomer, setCardStatus } from '../repositories/cards';
import type { Executor } from '../repositories/executor';

/**
 * Issues a card on an account. The card number exists only inside `issueCard` (where it
 * would be handed to the card processor); this service sees the token, last four digits,
 * brand and expiry, and that is all it stores or returns.
 */
export async function issueAccountCard(trx: Executor, actor: Actor, accountId: string, tokenKey: Buffer, now = new Date()): Promise<Card> {
  const account = await visibleAccount(trx, actor, accountId);
  if (account.status !== 'active') {
    throw problems.accountNotActive(account.id);
  }
  const card = await insertCard(trx, account.id, issueCard({ now, tokenKey }));
  await recordAudit(trx, { actor: actorId(actor), action: 'card.issued', requestId: actor.requestId, details: { cardId: card.id, accountId: account.id } });
  return card;
}

/** A card the actor may see; customers get 404 for anyone else's. */
export async function visibleCard(db: Executor, actor: Actor, cardId: string): Promise<Card> {
  const card = await findCard(db, cardId);
  if (!card) {
    throw problems.notFound(`Card ${cardId}`);
  }
  await visibleAccount(db, actor, card.accountId).catch(() => {
    throw problems.notFound(`Card ${cardId}`);
  });
  return card;
}

export async function listCards(db: Executor, actor: Actor, customerId?: string): Promise<Card[]> {
  return listCardsOfCustomer(db, await listingOwner(db, actor, customerId, 'cards'));
}

/** Freezes or unfreezes a card; doing it twice is harmless and changes nothing the second time. */
export async function setCardFrozen(trx: Transaction<Database>, actor: Actor, cardId: string, frozen: boolean): Promise<Card> {
  const card = await visibleCard(trx, actor, cardId);
  const status = frozen ? 'frozen' : 'active';
  if (card.status === status) {
    return card;
  }
  const updated = await setCardStatus(trx, card.id, status);
  await recordAudit(trx, { actor: actorId(actor), action: frozen ? 'card.frozen' : 'card.unfrozen', requestId: actor.requestId, details: { cardId } });
  return updated;
}
