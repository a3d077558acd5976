import { problems } from './problems';

/** The largest amount a JSON number carries exactly (2^53 - 1). */
export const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

/** An amount from the API (a JSON integer) as minor units. */
export function toMinorUnits(amount: number, field = 'amount'): bigint {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw problems.invalid(field, 'must be a positive integer number of minor units, at most 2^53-1');
  }
  return BigInt(amount);
}

/** Minor units as a JSON number; balances beyond 2^53-1 cannot be represented and are refused. */
export function toJsonAmount(value: bigint): number {
  if (value > MAX_AMOUNT || value < -MAX_AMOUNT) {
    throw new RangeError(`amount ${value} exceeds the JSON-safe range`);
  }
  return Number(value);
}
