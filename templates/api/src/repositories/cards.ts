import type { Executor } from './executor';
import type { IssuedCard } from '../domain/cards';

/** A card as stored: never a full card number, never a security code. */
export interface Card {
  readonly id: string;
  readonly accountId: string;
  readonly brand: string;
  readonly last4: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly status: 'active' | 'frozen';
  readonly createdAt: Date;
}

const COLUMNS = ['id', 'account_id', 'brand', 'last4', 'expiry_month', 'expiry_year', 'status', 'created_at'] as const;

type CardRow = { id: string; account_id: string; brand: string; last4: string; expiry_month: number; expiry_year: number; status: 'active' | 'frozen'; created_at: Date };

function toCard(row: CardRow): Card {
  return {
    id: row.id,
    accountId: row.account_id,
    brand: row.brand,
    last4: row.last4,
    expiryMonth: row.expiry_month,
    expiryYear: row.expiry_year,
    status: row.status,
    createdAt: row.created_at,
  };
}

export async function insertCard(db: Executor, accountId: string, issued: IssuedCard): Promise<Card> {
  const row = await db
    .insertInto('cards')
    .values({
      account_id: accountId,
      token: issued.token,
      brand: issued.brand,
      last4: issued.last4,
      expiry_month: issued.expiryMonth,
      expiry_year: issued.expiryYear,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toCard(row);
}

export async function findCard(db: Executor, id: string): Promise<Card | undefined> {
  const row = await db.selectFrom('cards').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toCard(row);
}

export async function listCardsOfCustomer(db: Executor, customerId: string): Promise<Card[]> {
  const rows = await db
    .selectFrom('cards')
    .innerJoin('accounts', 'accounts.id', 'cards.account_id')
    .select(['cards.id', 'cards.account_id', 'cards.brand', 'cards.last4', 'cards.expiry_month', 'cards.expiry_year', 'cards.status', 'cards.created_at'])
    .where('accounts.customer_id', '=', customerId)
    .orderBy('cards.created_at')
    .orderBy('cards.id')
    .execute();
  return rows.map(toCard);
}

export async function setCardStatus(db: Executor, id: string, status: 'active' | 'frozen'): Promise<Card> {
  const row = await db.updateTable('cards').set({ status }).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
  return toCard(row);
}
