import { Type } from 'typebox';

/**
 * Building blocks of the API's TypeBox schemas. The same schemas validate requests (unknown
 * fields are refused) and describe the API in the OpenAPI document.
 */
export const Uuid = Type.String({ format: 'uuid', description: 'A UUID.' });
export const Amount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer minor units (e.g. cents), 1 to 2^53-1.' });
export const SignedAmount = Type.Integer({ description: 'Integer minor units; negative for money leaving the account.' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code.' });
export const Reference = Type.String({ minLength: 1, maxLength: 140, description: 'Free text shown on statements.' });
export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339, UTC.' });

export const IdempotencyKeyHeader = Type.String({
  pattern: '^[\\x21-\\x7e]{1,255}$',
  description: 'Client-chosen key; the same key with the same request replays the first outcome.',
});

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
}, { description: 'RFC 9457 problem details.' });

/** Responses every authenticated route may give besides its success. */
export const ERROR_RESPONSES = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  422: Problem,
  429: Problem,
  503: Problem,
} as const;
