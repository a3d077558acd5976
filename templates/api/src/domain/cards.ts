/**
 * Card issuing under PCI DSS: the full card number (PAN) exists only inside `issueCard`
 * while its token is derived. It is never stored, returned or logged; the service keeps the
 * token, the last four digits, the brand and the expiry. `maskPan` redacts PANs from text
 * (logs, error messages) as a second line of defence.
 */
import { createHmac, randomInt } from 'node:crypto';

/** What the service may keep about a card: never the PAN itself. */
export interface IssuedCard {
  /** 'tok_' + HMAC-SHA256(tokenKey, PAN) in hex. */
  token: string;
  brand: 'visa';
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** What `issueCard` needs: the clock and the secret key the tokens are derived with. */
export interface IssueCardInput {
  now: Date;
  /** At least 32 random bytes, shared only with the card processor. */
  tokenKey: Buffer;
}

/**
 * '4' marks Visa; 42424 completes the test BIN 424242 of the sandbox card 4242 4242 4242 4242
 * that payment processors accept in test mode. A real issuer replaces it with its own BIN range.
 */
const TEST_BIN = '424242';
/** 6 BIN digits + 9 account digits + 1 check digit. */
const ACCOUNT_DIGITS = 9;
const CARD_VALIDITY_YEARS = 4;
const MIN_TOKEN_KEY_BYTES = 32;

/** Issues a Visa card with a random PAN and returns only its token, last four digits, brand and expiry. */
export function issueCard({ now, tokenKey }: IssueCardInput): IssuedCard {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new RangeError('now must be a valid Date');
  }
  if (!Buffer.isBuffer(tokenKey) || tokenKey.length < MIN_TOKEN_KEY_BYTES) {
    throw new RangeError(`tokenKey must be a Buffer of at least ${MIN_TOKEN_KEY_BYTES} bytes`);
  }
  const payload = TEST_BIN + String(randomInt(10 ** ACCOUNT_DIGITS)).padStart(ACCOUNT_DIGITS, '0');
  const pan = payload + String(luhnCheckDigit(payload));
  // A keyed hash rather than a plain one: 16-digit PANs with a known BIN are few enough to brute-force.
  const token = 'tok_' + createHmac('sha256', tokenKey).update(pan).digest('hex');
  return {
    token,
    brand: 'visa',
    last4: pan.slice(-4),
    expiryMonth: now.getUTCMonth() + 1,
    expiryYear: now.getUTCFullYear() + CARD_VALIDITY_YEARS,
  };
}

/** The Luhn (mod 10) check digit to append to `digits`. */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) {
    throw new RangeError('digits must be a non-empty string of decimal digits');
  }
  return (10 - (luhnSum(digits, true) % 10)) % 10;
}

/** True when `pan` is at least two decimal digits and its last digit is the Luhn check digit of the rest. */
export function isValidLuhn(pan: string): boolean {
  return /^\d{2,}$/.test(pan) && luhnSum(pan, false) % 10 === 0;
}

/**
 * Replaces every card-number-like run of 13-19 digits (optionally grouped by single spaces or
 * hyphens) that passes the Luhn check with '[REDACTED PAN]'. Digit strings glued to letters
 * (UUIDs, hex ids), longer digit strings and numbers that fail the check are left alone.
 */
export function maskPan(text: string): string {
  return text.replace(/\d+(?:[ -]\d+)*/g, (run: string, offset: number) => {
    const groups = [...run.matchAll(/\d+/g)].map((group) => ({ start: group.index, end: group.index + group[0].length }));
    const gluedBefore = /\w/.test(text[offset - 1] ?? '');
    const gluedAfter = /\w/.test(text[offset + run.length] ?? '');
    // Every whole-group window is tried, not just the whole run, so a PAN written next to another
    // number (a date, an amount) is still found; overlapping hits are redacted together.
    const hits: { first: number; last: number }[] = [];
    for (let first = gluedBefore ? 1 : 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < 19; last++) {
        digits += run.slice(groups[last].start, groups[last].end);
        const gluedEnd = gluedAfter && last === groups.length - 1;
        if (digits.length >= 13 && digits.length <= 19 && !gluedEnd && isValidLuhn(digits)) {
          const previous = hits[hits.length - 1];
          if (previous && first <= previous.last) {
            previous.last = Math.max(previous.last, last);
          } else {
            hits.push({ first, last });
          }
        }
      }
    }
    let masked = '';
    let cursor = 0;
    for (const { first, last } of hits) {
      masked += run.slice(cursor, groups[first].start) + '[REDACTED PAN]';
      cursor = groups[last].end;
    }
    return masked + run.slice(cursor);
  });
}

/** Luhn sum where every second digit from the right is doubled, starting with the last one when `doubleLast`. */
function luhnSum(digits: string, doubleLast: boolean): number {
  let sum = 0;
  let double = doubleLast;
  for (let i = digits.length - 1; i >= 0; i--) {
    const digit = Number(digits[i]);
    const value = double ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
    double = !double;
  }
  return sum;
}
