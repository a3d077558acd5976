import { Type } from 'typebox';
import { Amount, Currency, Reference, SignedAmount, Timestamp, Uuid } from './common';

export const CustomerCreate = Type.Object({
  externalId: Type.String({ minLength: 1, maxLength: 128, description: 'The customer\'s identity-provider subject (Cognito `sub`).' }),
  fullName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' }),
}, { additionalProperties: false });

export const Customer = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  fullName: Type.String(),
  email: Type.String(),
  country: Type.String(),
  createdAt: Timestamp,
});

export const AccountCreate = Type.Object({
  currency: Currency,
  type: Type.Union([Type.Literal('current'), Type.Literal('savings')]),
  customerId: Type.Optional(Uuid),
}, { additionalProperties: false });

export const Account = Type.Object({
  id: Uuid,
  customerId: Uuid,
  number: Type.String(),
  type: Type.Union([Type.Literal('current'), Type.Literal('savings')]),
  currency: Currency,
  balance: Type.Integer(),
  status: Type.String(),
  createdAt: Timestamp,
});

export const DepositCreate = Type.Object({ amount: Amount, reference: Reference }, { additionalProperties: false });

export const Transaction = Type.Object({
  id: Type.String({ description: 'Posting id.' }),
  entryId: Uuid,
  kind: Type.String(),
  amount: SignedAmount,
  balanceAfter: Type.Integer(),
  currency: Currency,
  reference: Type.String(),
  createdAt: Timestamp,
});

export const TransferCreate = Type.Object({
  fromAccountId: Uuid,
  toAccountId: Uuid,
  amount: Amount,
  currency: Currency,
  reference: Reference,
}, { additionalProperties: false });

export const Transfer = Type.Object({
  id: Uuid,
  fromAccountId: Uuid,
  toAccountId: Uuid,
  amount: Amount,
  currency: Currency,
  reference: Type.String(),
  createdAt: Timestamp,
});

export const HistoryQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$', description: '1 to 100 (default 20).' })),
  cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'nextCursor of the previous page.' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Only transactions at or after this instant.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Only transactions before this instant.' })),
}, { additionalProperties: false });

export const TransactionPage = Type.Object({
  data: Type.Array(Transaction),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
