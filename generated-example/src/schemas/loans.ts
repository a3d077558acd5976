import { Type } from 'typebox';
import { Amount, Currency, Timestamp, Uuid } from './common';

export const LoanCreate = Type.Object({
  accountId: Uuid,
  principal: Amount,
  annualInterestRateBps: Type.Integer({ minimum: 0, maximum: 100_000, description: 'Yearly interest in basis points (450 = 4.50 %).' }),
  termMonths: Type.Integer({ minimum: 1, maximum: 600 }),
}, { additionalProperties: false });

export const Instalment = Type.Object({
  number: Type.Integer(),
  dueDate: Type.String({ format: 'date' }),
  principal: Type.Integer(),
  interest: Type.Integer(),
  paidPrincipal: Type.Integer(),
  paidInterest: Type.Integer(),
});

export const Loan = Type.Object({
  id: Uuid,
  accountId: Uuid,
  principal: Amount,
  annualInterestRateBps: Type.Integer(),
  termMonths: Type.Integer(),
  currency: Currency,
  status: Type.Union([Type.Literal('active'), Type.Literal('repaid')]),
  paid: Type.Object({ principal: Type.Integer(), interest: Type.Integer() }),
  outstanding: Type.Object({ principal: Type.Integer(), interest: Type.Integer() }),
  schedule: Type.Array(Instalment),
  createdAt: Timestamp,
});

export const RepaymentCreate = Type.Object({ amount: Amount }, { additionalProperties: false });

export const Repayment = Type.Object({
  id: Uuid,
  amount: Amount,
  allocations: Type.Array(Type.Object({ instalment: Type.Integer(), interest: Type.Integer(), principal: Type.Integer() })),
  createdAt: Timestamp,
  loan: Loan,
});
