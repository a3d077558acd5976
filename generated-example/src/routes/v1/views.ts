import { toJsonAmount } from '../../domain/money';
import type { Account } from '../../repositories/accounts';
import type { Customer } from '../../repositories/customers';
import type { AccountTransaction } from '../../repositories/transactions';
import type { Transfer } from '../../repositories/transfers';

/** How domain records appear in JSON: amounts as integers, timestamps as RFC 3339 UTC. */
export const views = {
  customer: (c: Customer) => ({
    id: c.id,
    externalId: c.externalId,
    fullName: c.fullName,
    email: c.email,
    country: c.country,
    createdAt: c.createdAt.toISOString(),
  }),
  account: (a: Account) => ({
    id: a.id,
    customerId: customerIdOf(a),
    number: a.number,
    type: customerAccountType(a),
    currency: a.currency,
    balance: toJsonAmount(a.balance),
    status: a.status,
    createdAt: a.createdAt.toISOString(),
  }),
  transaction: (t: AccountTransaction) => ({
    id: String(t.id),
    entryId: t.entryId,
    kind: t.kind,
    amount: toJsonAmount(t.amount),
    balanceAfter: toJsonAmount(t.balanceAfter),
    currency: t.currency,
    reference: t.reference,
    createdAt: t.createdAt.toISOString(),
  }),
  transfer: (t: Transfer) => ({
    id: t.id,
    fromAccountId: t.fromAccountId,
    toAccountId: t.toAccountId,
    amount: toJsonAmount(t.amount),
    currency: t.currency,
    reference: t.reference,
    createdAt: t.createdAt.toISOString(),
  }),
};

/** Only customer accounts are ever shown; the bank's internal accounts stay internal. */
function customerIdOf(account: Account): string {
  if (account.customerId === null) {
    throw new Error(`internal account ${account.id} must not be shown`);
  }
  return account.customerId;
}

function customerAccountType(account: Account): 'current' | 'savings' {
  if (account.type !== 'current' && account.type !== 'savings') {
    throw new Error(`internal account ${account.id} must not be shown`);
  }
  return account.type;
}
