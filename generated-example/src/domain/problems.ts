/**
 * Refusals the domain can make, each with a stable RFC 9457 problem type. Routes never build
 * error bodies themselves: they throw one of these and the problem-details plugin renders it.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    /** Stable, documented identifier; clients branch on it, never on `detail`. */
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

const TYPE = (slug: string): string => `urn:bank:problem:${slug}`;

export const problems = {
  notFound: (what: string) => new Problem(404, TYPE('not-found'), 'Not found', `${what} was not found.`),
  forbidden: (detail: string) => new Problem(403, TYPE('forbidden'), 'Forbidden', detail),
  unauthorized: (detail: string) => new Problem(401, TYPE('unauthorized'), 'Unauthorized', detail),
  insufficientFunds: (accountId: string) =>
    new Problem(422, TYPE('insufficient-funds'), 'Insufficient funds', `Account ${accountId} does not hold enough to cover the amount.`),
  currencyMismatch: (detail: string) => new Problem(422, TYPE('currency-mismatch'), 'Currency mismatch', detail),
  accountNotActive: (accountId: string) =>
    new Problem(422, TYPE('account-not-active'), 'Account not active', `Account ${accountId} is not active.`),
  sameAccount: () => new Problem(422, TYPE('same-account'), 'Same account', 'fromAccountId and toAccountId must differ.'),
  repaymentExceedsOutstanding: (detail: string) => new Problem(422, TYPE('repayment-exceeds-outstanding'), 'Repayment exceeds what is owed', detail),
  conflict: (detail: string) => new Problem(409, TYPE('conflict'), 'Conflict', detail),
  idempotencyKeyReused: () =>
    new Problem(422, TYPE('idempotency-key-reused'), 'Idempotency key reused', 'This Idempotency-Key was used with a different request.'),
  idempotencyKeyRequired: () =>
    new Problem(400, TYPE('validation'), 'Invalid request', 'The Idempotency-Key header is required.', {
      errors: [{ field: 'header/idempotency-key', message: 'is required (1-255 visible ASCII characters)' }],
    }),
  invalid: (field: string, message: string) =>
    new Problem(400, TYPE('validation'), 'Invalid request', `${field} ${message}.`, { errors: [{ field, message }] }),
  unavailable: () => new Problem(503, TYPE('unavailable'), 'Service unavailable', 'The database is unavailable; retry shortly.'),
  internal: () => new Problem(500, TYPE('internal'), 'Internal error', 'The request could not be completed.'),
} as const;

export const PROBLEM_TYPE = TYPE;
