import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidLuhn, issueCard, luhnCheckDigit, maskPan } from '../../src/domain/cards';

// Lets a test fix the random account digits so the PAN, and so the token, is known to it.
const random = vi.hoisted(() => ({ fixed: undefined as number | undefined }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const randomInt = (...args: unknown[]): unknown => random.fixed ?? (actual.randomInt as (...a: unknown[]) => unknown)(...args);
  return { ...actual, randomInt };
});

const tokenKey = Buffer.alloc(32, 7);
const now = new Date('2024-02-29T23:30:00Z');

afterEach(() => {
  random.fixed = undefined;
});

describe('issueCard', () => {
  it('returns a Visa card expiring in the same month four years on', () => {
    const card = issueCard({ now, tokenKey });
    expect(Object.keys(card).sort()).toEqual(['brand', 'expiryMonth', 'expiryYear', 'last4', 'token']);
    expect(card.brand).toBe('visa');
    expect(card.last4).toMatch(/^\d{4}$/);
    expect(card.token).toMatch(/^tok_[0-9a-f]{64}$/);
    expect(card.expiryMonth).toBe(2);
    expect(card.expiryYear).toBe(2028);
  });

  it('takes the expiry month in UTC', () => {
    const card = issueCard({ now: new Date('2024-12-31T23:30:00-05:00'), tokenKey });
    expect([card.expiryMonth, card.expiryYear]).toEqual([1, 2029]);
  });

  it('derives the token as an HMAC of a Luhn-valid 16-digit PAN from the test BIN', () => {
    for (const [fixed, pan] of [
      [123_456_789, '4242421234567897'],
      [0, '4242420000000000'],
      [999_999_999, '4242429999999999'],
    ] as const) {
      random.fixed = fixed;
      expect(isValidLuhn(pan)).toBe(true);
      const card = issueCard({ now, tokenKey });
      expect(card.token).toBe('tok_' + createHmac('sha256', tokenKey).update(pan).digest('hex'));
      expect(card.last4).toBe(pan.slice(-4));
      expect(JSON.stringify(card)).not.toContain(pan);
      expect(JSON.stringify(card)).not.toContain(pan.slice(0, 12));
    }
  });

  it('never returns the PAN or any other card-number-like digit string', () => {
    random.fixed = 123_456_789;
    expect(JSON.stringify(issueCard({ now, tokenKey }))).not.toMatch(/\d{13,19}/);
    random.fixed = undefined;
    for (let i = 0; i < 50; i++) {
      const card = issueCard({ now, tokenKey });
      // The token is hex, so it may contain a digit run by chance; it is checked to be an HMAC above.
      expect(JSON.stringify({ ...card, token: undefined })).not.toMatch(/\d{13,19}/);
      expect(maskPan(JSON.stringify(card))).toBe(JSON.stringify(card));
    }
  });

  it('gives different cards different tokens, and the same PAN under another key another token', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => issueCard({ now, tokenKey }).token));
    expect(tokens.size).toBe(20);
    random.fixed = 42;
    expect(issueCard({ now, tokenKey }).token).toBe(issueCard({ now, tokenKey }).token);
    expect(issueCard({ now, tokenKey: Buffer.alloc(32, 8) }).token).not.toBe(issueCard({ now, tokenKey }).token);
  });

  it('refuses a short token key and an invalid date', () => {
    expect(() => issueCard({ now, tokenKey: Buffer.alloc(31, 7) })).toThrow(RangeError);
    expect(() => issueCard({ now: new Date(Number.NaN), tokenKey })).toThrow(/now/);
  });
});

describe('Luhn', () => {
  it('computes known check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('424242424242424')).toBe(2);
    expect(luhnCheckDigit('0')).toBe(0);
    expect(() => luhnCheckDigit('12a4')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });

  it('accepts valid numbers and rejects a changed digit', () => {
    expect(isValidLuhn('79927398713')).toBe(true);
    expect(isValidLuhn('4539578763621486')).toBe(true);
    expect(isValidLuhn('4539578763621487')).toBe(false);
    expect(isValidLuhn('4539578763621496')).toBe(false);
    expect(isValidLuhn('4539 5787 6362 1486')).toBe(false);
    expect(isValidLuhn('')).toBe(false);
  });

  it('agrees with itself: appending the check digit makes a valid number, any other digit does not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,18}$/), fc.integer({ min: 1, max: 9 }), (payload, shift) => {
        const check = luhnCheckDigit(payload);
        expect(isValidLuhn(payload + check)).toBe(true);
        expect(isValidLuhn(payload + ((check + shift) % 10))).toBe(false);
      }),
    );
  });
});

describe('maskPan', () => {
  it.each([
    ['card 4539 5787 6362 1486 declined', 'card [REDACTED PAN] declined'],
    ['card 4539-5787-6362-1486 declined', 'card [REDACTED PAN] declined'],
    ['{"pan":"4539578763621486"}', '{"pan":"[REDACTED PAN]"}'],
    ['4539578763621486', '[REDACTED PAN]'],
    ['13 digits: 4222222222222, 19 digits: 4539578763621486008', '13 digits: [REDACTED PAN], 19 digits: [REDACTED PAN]'],
    ['two: 4539578763621486 and 4242424242424242.', 'two: [REDACTED PAN] and [REDACTED PAN].'],
    ['on 2024-03-15 4539 5787 6362 1486 for 100000', 'on 2024-03-15 [REDACTED PAN] for 100000'],
  ])('masks %j', (text, masked) => {
    expect(maskPan(text)).toBe(masked);
  });

  it.each([
    'id 1234567890123',
    'amount 100000 EUR, balance 4539578763',
    // 716-446655440006 passes the Luhn check but is part of a UUID.
    'request 550e8400-e29b-41d4-a716-446655440006',
    'trace 4242424242424242ab9cf00d',
    'at 2024-03-15T10:20:30.123Z',
    'twenty digits 45395787636214860001',
    '4539  5787  6362  1486',
  ])('keeps %j', (text) => {
    expect(maskPan(text)).toBe(text);
  });

  it('errs on the side of masking when a PAN is written right after another number', () => {
    // 2024-01-31 4539 5787 is itself Luhn-valid, so the date goes with the PAN.
    expect(maskPan('on 2024-01-31 4539 5787 6362 1486 for 100000')).toBe('on [REDACTED PAN] for 100000');
  });

  it('masks any Luhn-valid number of 13 to 19 digits however it is grouped', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12,18}$/),
        fc.array(fc.constantFrom(' ', '-', ''), { minLength: 18, maxLength: 18 }),
        (payload, separators) => {
          const pan = payload + luhnCheckDigit(payload);
          const grouped = [...pan].map((digit, i) => (i === 0 ? digit : separators[i - 1] + digit)).join('');
          expect(maskPan(`paid with ${grouped} today`)).toBe('paid with [REDACTED PAN] today');
        },
      ),
    );
  });
});
