import { Type } from 'typebox';
import { Uuid } from './common';

export const CardCreate = Type.Object({ accountId: Uuid }, { additionalProperties: false });

export const Card = Type.Object({
  id: Uuid,
  accountId: Uuid,
  brand: Type.String(),
  last4: Type.String({ pattern: '^[0-9]{4}$' }),
  expiryMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  expiryYear: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('frozen')]),
});
