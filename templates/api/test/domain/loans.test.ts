import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateRepayment, amortizationSchedule, InstalmentState, loanStatus, outstanding } from '../../src/domain/loans';

/** The interest rule restated independently of the module: half-up rounding of balance * bps / 120000. */
const monthlyInterest = (balance: bigint, bps: number): bigint => (2n * balance * BigInt(bps) + 120_000n) / 240_000n;

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const withPayments = (rows: ReturnType<typeof amortizationSchedule>, paid: readonly [number, number][] = []): InstalmentState[] =>
  rows.map((row, i) => ({
    ...row,
    // paid[i] gives the paid share of principal and interest in percent.
    paidPrincipal: (row.principal * BigInt(paid[i]?.[0] ?? 0)) / 100n,
    paidInterest: (row.interest * BigInt(paid[i]?.[1] ?? 0)) / 100n,
  }));

describe('amortizationSchedule', () => {
  it('computes the annuity of 10,000.00 at 12 % over 12 months exactly', () => {
    const rows = amortizationSchedule({ principal: 1_000_000n, annualInterestRateBps: 1200, termMonths: 12, firstDueDate: '2024-01-15' });
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({ number: 1, dueDate: '2024-01-15', principal: 78_849n, interest: 10_000n });
    expect(rows.slice(0, 11).map((row) => row.principal + row.interest)).toEqual(Array(11).fill(88_849n));
    // The last instalment absorbs the rounding of the other eleven.
    expect(rows[11]).toEqual({ number: 12, dueDate: '2024-12-15', principal: 87_967n, interest: 880n });
    expect(rows.reduce((sum, row) => sum + row.principal, 0n)).toBe(1_000_000n);
    expect(rows.reduce((sum, row) => sum + row.interest, 0n)).toBe(66_186n);
  });

  it('splits a zero-interest loan equally, the remainder in the last instalment', () => {
    const rows = amortizationSchedule({ principal: 1_000n, annualInterestRateBps: 0, termMonths: 3, firstDueDate: '2024-05-01' });
    expect(rows).toEqual([
      { number: 1, dueDate: '2024-05-01', principal: 333n, interest: 0n },
      { number: 2, dueDate: '2024-06-01', principal: 333n, interest: 0n },
      { number: 3, dueDate: '2024-07-01', principal: 334n, interest: 0n },
    ]);
  });

  it('charges one month of interest on a one-month loan', () => {
    expect(amortizationSchedule({ principal: 1_000_000n, annualInterestRateBps: 1200, termMonths: 1, firstDueDate: '2024-01-01' })).toEqual([
      { number: 1, dueDate: '2024-01-01', principal: 1_000_000n, interest: 10_000n },
    ]);
  });

  it('keeps the day of the month, clamped to shorter months', () => {
    const dates = (firstDueDate: string, termMonths: number): string[] =>
      amortizationSchedule({ principal: 100_000n, annualInterestRateBps: 450, termMonths, firstDueDate }).map((row) => row.dueDate);
    expect(dates('2024-01-31', 4)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(dates('2023-01-31', 2)).toEqual(['2023-01-31', '2023-02-28']);
    expect(dates('2024-11-30', 4)).toEqual(['2024-11-30', '2024-12-30', '2025-01-30', '2025-02-28']);
  });

  it('stops taking principal once a tiny loan is repaid early by the rounded-up instalment', () => {
    // 2.00 over 30 years at 1 %: the instalment rounds up to 1 minor unit and the interest to 0.
    const rows = amortizationSchedule({ principal: 200n, annualInterestRateBps: 100, termMonths: 360, firstDueDate: '2024-01-01' });
    expect(rows.slice(0, 200).every((row) => row.principal === 1n && row.interest === 0n)).toBe(true);
    expect(rows.slice(200).every((row) => row.principal === 0n && row.interest === 0n)).toBe(true);
  });

  it.each([
    [{ principal: 0n }, /principal/],
    [{ principal: -1n }, /principal/],
    [{ annualInterestRateBps: -1 }, /annualInterestRateBps/],
    [{ annualInterestRateBps: 100_001 }, /annualInterestRateBps/],
    [{ annualInterestRateBps: 4.5 }, /annualInterestRateBps/],
    [{ annualInterestRateBps: Number.NaN }, /annualInterestRateBps/],
    [{ termMonths: 0 }, /termMonths/],
    [{ termMonths: 601 }, /termMonths/],
    [{ termMonths: 1.5 }, /termMonths/],
    [{ firstDueDate: '2024-02-30' }, /firstDueDate/],
    [{ firstDueDate: '2024-13-01' }, /firstDueDate/],
    [{ firstDueDate: '2024-1-1' }, /firstDueDate/],
    [{ firstDueDate: '2024-01-01T00:00:00Z' }, /firstDueDate/],
    [{ firstDueDate: '' }, /firstDueDate/],
    [{ firstDueDate: '9999-06-01' }, /firstDueDate/],
  ])('refuses %o with a RangeError naming the field', (override, message) => {
    const terms = { principal: 100_000n, annualInterestRateBps: 450, termMonths: 12, firstDueDate: '2024-01-31', ...override };
    expect(() => amortizationSchedule(terms)).toThrow(RangeError);
    expect(() => amortizationSchedule(terms)).toThrow(message);
  });

  it('accepts the limits of each range', () => {
    expect(amortizationSchedule({ principal: 1n, annualInterestRateBps: 100_000, termMonths: 600, firstDueDate: '2024-01-31' })).toHaveLength(600);
    expect(amortizationSchedule({ principal: 1n, annualInterestRateBps: 0, termMonths: 1, firstDueDate: '2024-02-29' })).toHaveLength(1);
  });

  const loans = fc.record({
    principal: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    annualInterestRateBps: fc.integer({ min: 0, max: 5000 }),
    termMonths: fc.integer({ min: 1, max: 360 }),
  });

  it('repays exactly the principal, with the interest rule on the running balance and nothing negative', () => {
    fc.assert(
      fc.property(loans, (terms) => {
        const rows = amortizationSchedule({ ...terms, firstDueDate: '2024-01-31' });
        expect(rows).toHaveLength(terms.termMonths);
        expect(rows.reduce((sum, row) => sum + row.principal, 0n)).toBe(terms.principal);
        let balance = terms.principal;
        for (const [i, row] of rows.entries()) {
          expect(row.number).toBe(i + 1);
          expect(row.principal).toBeGreaterThanOrEqual(0n);
          expect(row.interest).toBeGreaterThanOrEqual(0n);
          expect(row.interest).toBe(monthlyInterest(balance, terms.annualInterestRateBps));
          balance -= row.principal;
          expect(balance).toBeGreaterThanOrEqual(0n);
        }
        expect(balance).toBe(0n);
      }),
    );
  });

  it('keeps every instalment but the last equal, unless the loan is already repaid', () => {
    fc.assert(
      fc.property(loans, (terms) => {
        const rows = amortizationSchedule({ ...terms, firstDueDate: '2024-01-31' });
        const instalment = rows[0].principal + rows[0].interest;
        let balance = terms.principal;
        for (const row of rows.slice(0, -1)) {
          // Rounding the instalment up can pay a small loan off early; that row then takes exactly the rest.
          if (row.principal + row.interest !== instalment) {
            expect(row.principal).toBe(balance);
          }
          balance -= row.principal;
        }
      }),
    );
  });

  it('keeps every instalment but the last exactly equal for ordinary loans', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 7n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 2, max: 120 }),
        (principal, annualInterestRateBps, termMonths) => {
          const rows = amortizationSchedule({ principal, annualInterestRateBps, termMonths, firstDueDate: '2024-01-31' });
          const totals = new Set(rows.slice(0, -1).map((row) => row.principal + row.interest));
          expect(totals.size).toBe(1);
          expect(rows.at(-1)!.principal).toBeGreaterThan(0n);
        },
      ),
    );
  });

  it('puts instalment k on the first due day, k months later, clamped to the month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 600 }),
        (first, termMonths) => {
          const firstDueDate = first.toISOString().slice(0, 10);
          const rows = amortizationSchedule({ principal: 1_000_000n, annualInterestRateBps: 0, termMonths, firstDueDate });
          for (const [k, row] of rows.entries()) {
            const monthStart = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 1));
            const lastDay = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).getUTCDate();
            monthStart.setUTCDate(Math.min(first.getUTCDate(), lastDay));
            expect(row.dueDate).toBe(monthStart.toISOString().slice(0, 10));
          }
        },
      ),
    );
  });
});

describe('allocateRepayment', () => {
  const instalments: InstalmentState[] = [
    { number: 1, dueDate: '2024-01-31', principal: 1_000n, interest: 100n, paidPrincipal: 0n, paidInterest: 40n },
    { number: 2, dueDate: '2024-02-29', principal: 1_010n, interest: 90n, paidPrincipal: 0n, paidInterest: 0n },
    { number: 3, dueDate: '2024-03-31', principal: 1_020n, interest: 80n, paidPrincipal: 0n, paidInterest: 0n },
    { number: 4, dueDate: '2024-04-30', principal: 1_030n, interest: 70n, paidPrincipal: 0n, paidInterest: 0n },
  ];

  it('pays the interest of all overdue instalments before any of their principal', () => {
    expect(allocateRepayment(instalments, 200n, '2024-03-15')).toEqual([
      { instalment: 1, interest: 60n, principal: 50n },
      { instalment: 2, interest: 90n, principal: 0n },
    ]);
  });

  it('then the overdue principal, oldest first, then the current instalment', () => {
    expect(allocateRepayment(instalments, 1_200n, '2024-03-15')).toEqual([
      { instalment: 1, interest: 60n, principal: 1_000n },
      { instalment: 2, interest: 90n, principal: 50n },
    ]);
    expect(allocateRepayment(instalments, 60n + 90n + 1_000n + 1_010n + 80n + 500n, '2024-03-15')).toEqual([
      { instalment: 1, interest: 60n, principal: 1_000n },
      { instalment: 2, interest: 90n, principal: 1_010n },
      { instalment: 3, interest: 80n, principal: 500n },
    ]);
  });

  it('sends what is left to the following instalments, interest then principal', () => {
    expect(allocateRepayment(instalments, 60n + 90n + 1_000n + 1_010n + 80n + 1_020n + 75n, '2024-03-15')).toEqual([
      { instalment: 1, interest: 60n, principal: 1_000n },
      { instalment: 2, interest: 90n, principal: 1_010n },
      { instalment: 3, interest: 80n, principal: 1_020n },
      { instalment: 4, interest: 70n, principal: 5n },
    ]);
  });

  it('treats an instalment due on asOf as current, not overdue', () => {
    expect(allocateRepayment(instalments, 200n, '2024-02-29')).toEqual([
      { instalment: 1, interest: 60n, principal: 140n },
    ]);
    expect(allocateRepayment(instalments, 1_100n, '2024-02-29')).toEqual([
      { instalment: 1, interest: 60n, principal: 1_000n },
      { instalment: 2, interest: 40n, principal: 0n },
    ]);
  });

  it('skips a current instalment that is already paid', () => {
    const paidThird = instalments.map((row) => (row.number === 3 ? { ...row, paidPrincipal: row.principal, paidInterest: row.interest } : row));
    expect(allocateRepayment(paidThird, 60n + 90n + 1_000n + 1_010n + 100n, '2024-03-31')).toEqual([
      { instalment: 1, interest: 60n, principal: 1_000n },
      { instalment: 2, interest: 90n, principal: 1_010n },
      { instalment: 4, interest: 70n, principal: 30n },
    ]);
    expect(allocateRepayment(paidThird.slice(2), 100n, '2024-03-31')).toEqual([
      { instalment: 4, interest: 70n, principal: 30n },
    ]);
  });

  it('does not depend on the order of its input and does not modify it', () => {
    const reversed = [...instalments].reverse();
    const before = structuredClone(reversed);
    expect(allocateRepayment(reversed, 1_200n, '2024-03-15')).toEqual(allocateRepayment(instalments, 1_200n, '2024-03-15'));
    expect(reversed).toEqual(before);
  });

  it('accepts exactly the outstanding amount and refuses more, zero or less', () => {
    const total = 60n + 90n + 80n + 70n + 1_000n + 1_010n + 1_020n + 1_030n;
    expect(outstanding(instalments)).toEqual({ principal: 4_060n, interest: 300n });
    expect(allocateRepayment(instalments, total, '2024-03-15').reduce((sum, a) => sum + a.interest + a.principal, 0n)).toBe(total);
    for (const amount of [0n, -1n, total + 1n]) {
      expect(() => allocateRepayment(instalments, amount, '2024-03-15')).toThrow(RangeError);
      expect(() => allocateRepayment(instalments, amount, '2024-03-15')).toThrow(/amount/);
    }
  });

  it('refuses a malformed asOf and paid amounts beyond what is due', () => {
    expect(() => allocateRepayment(instalments, 1n, '15/03/2024')).toThrow(/asOf/);
    const overpaid = [{ ...instalments[0], paidInterest: 101n }];
    expect(() => allocateRepayment(overpaid, 1n, '2024-03-15')).toThrow(RangeError);
  });

  it('reports a loan as repaid only once nothing is owed', () => {
    expect(loanStatus(instalments)).toBe('active');
    const almost = instalments.map((row) => ({ ...row, paidPrincipal: row.principal, paidInterest: row.interest }));
    expect(loanStatus(almost)).toBe('repaid');
    expect(outstanding(almost)).toEqual({ principal: 0n, interest: 0n });
    almost[3] = { ...almost[3], paidInterest: 69n };
    expect(loanStatus(almost)).toBe('active');
    expect(outstanding(almost)).toEqual({ principal: 0n, interest: 1n });
  });

  it('allocates exactly the amount, never more than owed, overdue interest first, then in due order', () => {
    const scenarios = fc.record({
      principal: fc.bigInt({ min: 1n, max: 10n ** 10n }),
      annualInterestRateBps: fc.integer({ min: 0, max: 5000 }),
      termMonths: fc.integer({ min: 1, max: 36 }),
      paid: fc.array(fc.tuple(fc.constantFrom(0, 0, 30, 100), fc.constantFrom(0, 50, 100, 100)), { maxLength: 36 }),
      asOfOffsetDays: fc.integer({ min: -40, max: 1200 }),
      amountSeed: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    });
    fc.assert(
      fc.property(scenarios, ({ paid, asOfOffsetDays, amountSeed, ...terms }) => {
        const rows = withPayments(amortizationSchedule({ ...terms, firstDueDate: '2024-01-31' }), paid);
        const owed = outstanding(rows);
        const total = owed.principal + owed.interest;
        fc.pre(total > 0n);
        const amount = 1n + (amountSeed % total);
        const asOf = addDays('2024-01-31', asOfOffsetDays);
        const before = structuredClone(rows);

        const allocations = allocateRepayment(rows, amount, asOf);

        expect(rows).toEqual(before);
        expect(allocations.reduce((sum, a) => sum + a.interest + a.principal, 0n)).toBe(amount);
        expect(allocations.map((a) => a.instalment)).toEqual([...new Set(allocations.map((a) => a.instalment))].sort((a, b) => a - b));
        const given = new Map(allocations.map((a) => [a.instalment, a]));
        const interestLeft = (row: InstalmentState): bigint => row.interest - row.paidInterest - (given.get(row.number)?.interest ?? 0n);
        const principalLeft = (row: InstalmentState): bigint => row.principal - row.paidPrincipal - (given.get(row.number)?.principal ?? 0n);
        for (const a of allocations) {
          expect(a.interest + a.principal).toBeGreaterThan(0n);
          expect(a.interest).toBeGreaterThanOrEqual(0n);
          expect(a.principal).toBeGreaterThanOrEqual(0n);
        }
        for (const row of rows) {
          expect(interestLeft(row)).toBeGreaterThanOrEqual(0n);
          expect(principalLeft(row)).toBeGreaterThanOrEqual(0n);
        }

        const overdue = rows.filter((row) => row.dueDate < asOf);
        const upcoming = rows.filter((row) => row.dueDate >= asOf);
        const overdueInterest = overdue.reduce((sum, row) => sum + row.interest - row.paidInterest, 0n);
        const anyPrincipal = allocations.some((a) => a.principal > 0n);
        if (amount >= overdueInterest || anyPrincipal) {
          expect(overdue.every((row) => interestLeft(row) === 0n)).toBe(true);
        }
        for (const [i, row] of overdue.entries()) {
          // An overdue instalment's principal is touched only once the older ones' principal is paid.
          if ((given.get(row.number)?.principal ?? 0n) > 0n) {
            expect(overdue.slice(0, i).every((older) => principalLeft(older) === 0n)).toBe(true);
          }
        }
        for (const [i, row] of upcoming.entries()) {
          const a = given.get(row.number);
          if (a) {
            expect(overdue.every((late) => interestLeft(late) === 0n && principalLeft(late) === 0n)).toBe(true);
            expect(upcoming.slice(0, i).every((earlier) => interestLeft(earlier) === 0n && principalLeft(earlier) === 0n)).toBe(true);
            if (a.principal > 0n) expect(interestLeft(row)).toBe(0n);
          }
        }
        const after = rows.map((row) => ({
          ...row,
          paidInterest: row.interest - interestLeft(row),
          paidPrincipal: row.principal - principalLeft(row),
        }));
        expect(loanStatus(after)).toBe(amount === total ? 'repaid' : 'active');
      }),
    );
  });
});
