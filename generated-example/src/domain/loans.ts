/**
 * Loan arithmetic: the repayment schedule of an annuity loan and how a repayment is split
 * over its instalments. Pure: amounts are integer minor units (bigint) and rates integer
 * basis points per year, so every result is exact and reproducible.
 *
 * A repayment is allocated in this order, so arrears are cleared before anything is paid ahead:
 *   1. the interest of every overdue instalment (due date before `asOf`), oldest first;
 *   2. the principal of every overdue instalment, oldest first;
 *   3. the current instalment (the earliest not fully paid one due on or after `asOf`):
 *      its interest, then its principal;
 *   4. whatever is left: the following instalments in due order, interest then principal each.
 */

/** One row of a repayment schedule. */
export interface Instalment {
  number: number;
  /** YYYY-MM-DD */
  dueDate: string;
  principal: bigint;
  interest: bigint;
}

/** An instalment together with what has been paid towards it so far. */
export interface InstalmentState extends Instalment {
  paidPrincipal: bigint;
  paidInterest: bigint;
}

/** The part of a repayment that goes to one instalment. */
export interface Allocation {
  instalment: number;
  interest: bigint;
  principal: bigint;
}

/** The terms of a loan from which its schedule is derived. */
export interface LoanTerms {
  principal: bigint;
  /** Nominal yearly rate in basis points: 450 = 4.50 %. */
  annualInterestRateBps: number;
  termMonths: number;
  /** YYYY-MM-DD; later instalments fall on the same day of the month. */
  firstDueDate: string;
}

/** Basis points per year expressed per month: monthly rate = bps / BPS_MONTHS. */
const BPS_MONTHS = 120_000n;
const MAX_RATE_BPS = 100_000;
const MAX_TERM_MONTHS = 600;

/** Equal monthly instalments (annuity) with interest on the declining balance; the last one absorbs rounding. */
export function amortizationSchedule(terms: LoanTerms): Instalment[] {
  const { principal, annualInterestRateBps: bps, termMonths, firstDueDate } = terms;
  if (typeof principal !== 'bigint' || principal <= 0n) {
    throw new RangeError('principal must be a positive number of minor units');
  }
  if (!Number.isInteger(bps) || bps < 0 || bps > MAX_RATE_BPS) {
    throw new RangeError(`annualInterestRateBps must be an integer in 0..${MAX_RATE_BPS}`);
  }
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new RangeError(`termMonths must be an integer in 1..${MAX_TERM_MONTHS}`);
  }
  const first = parseDate(firstDueDate, 'firstDueDate');
  if (first.year * 12 + first.month - 1 + termMonths - 1 >= 10_000 * 12) {
    throw new RangeError('firstDueDate is too late: the schedule would run past the year 9999');
  }
  const dueDate = (index: number): string => addMonths(first, index);
  const n = BigInt(termMonths);
  const schedule: Instalment[] = [];

  if (bps === 0) {
    const part = principal / n;
    for (let i = 0; i < termMonths; i++) {
      const isLast = i === termMonths - 1;
      schedule.push({ number: i + 1, dueDate: dueDate(i), principal: isLast ? principal - part * (n - 1n) : part, interest: 0n });
    }
    return schedule;
  }

  const rate = BigInt(bps);
  const growth = (BPS_MONTHS + rate) ** n;
  const amount = roundHalfUp(principal * rate * growth, BPS_MONTHS * (growth - BPS_MONTHS ** n));
  let balance = principal;
  for (let i = 0; i < termMonths; i++) {
    const interest = roundHalfUp(balance * rate, BPS_MONTHS);
    // The rounded instalment can repay a small loan before its term ends; the balance never goes negative.
    const part = i === termMonths - 1 ? balance : min(amount - interest, balance);
    schedule.push({ number: i + 1, dueDate: dueDate(i), principal: part, interest });
    balance -= part;
  }
  return schedule;
}

/** What is still owed on a loan: principal and interest due minus what has been paid. */
export function outstanding(instalments: readonly InstalmentState[]): { principal: bigint; interest: bigint } {
  let principal = 0n;
  let interest = 0n;
  for (const instalment of instalments) {
    const owed = owedOn(instalment);
    principal += owed.principal;
    interest += owed.interest;
  }
  return { principal, interest };
}

/** 'repaid' once nothing is owed on any instalment, 'active' before. */
export function loanStatus(instalments: readonly InstalmentState[]): 'active' | 'repaid' {
  const owed = outstanding(instalments);
  return owed.principal === 0n && owed.interest === 0n ? 'repaid' : 'active';
}

/** Splits a repayment of `amount` over the instalments in the order documented at the top of this module. */
export function allocateRepayment(instalments: readonly InstalmentState[], amount: bigint, asOf: string): Allocation[] {
  parseDate(asOf, 'asOf');
  for (const instalment of instalments) {
    parseDate(instalment.dueDate, `instalment ${instalment.number} dueDate`);
  }
  const owed = outstanding(instalments);
  const total = owed.principal + owed.interest;
  if (typeof amount !== 'bigint' || amount <= 0n) {
    throw new RangeError('amount must be a positive number of minor units');
  }
  if (amount > total) {
    throw new RangeError(`amount ${amount} exceeds the outstanding balance of ${total}`);
  }

  // Copy and sort so the caller's array order does not matter and its objects are never touched.
  const ordered = [...instalments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number - b.number));
  const overdue = ordered.filter((instalment) => instalment.dueDate < asOf);
  const upcoming = ordered.filter((instalment) => instalment.dueDate >= asOf);
  const claims: { instalment: InstalmentState; part: 'interest' | 'principal' }[] = [
    ...overdue.map((instalment) => ({ instalment, part: 'interest' as const })),
    ...overdue.map((instalment) => ({ instalment, part: 'principal' as const })),
    // The current instalment is the first upcoming one with something owed; paid ones take nothing.
    ...upcoming.flatMap((instalment) => [
      { instalment, part: 'interest' as const },
      { instalment, part: 'principal' as const },
    ]),
  ];

  const allocations = new Map<number, Allocation>();
  let left = amount;
  for (const { instalment, part } of claims) {
    if (left === 0n) break;
    const take = min(left, owedOn(instalment)[part]);
    if (take === 0n) continue;
    const allocation = allocations.get(instalment.number) ?? { instalment: instalment.number, interest: 0n, principal: 0n };
    allocation[part] += take;
    allocations.set(instalment.number, allocation);
    left -= take;
  }
  return [...allocations.values()].sort((a, b) => a.instalment - b.instalment);
}

function owedOn(instalment: InstalmentState): { principal: bigint; interest: bigint } {
  const principal = instalment.principal - instalment.paidPrincipal;
  const interest = instalment.interest - instalment.paidInterest;
  if (principal < 0n || interest < 0n || instalment.paidPrincipal < 0n || instalment.paidInterest < 0n) {
    throw new RangeError(`instalment ${instalment.number} has paid amounts outside 0..due`);
  }
  return { principal, interest };
}

/** num / den rounded to the nearest integer, halves away from zero; both are non-negative here. */
function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function parseDate(value: string, field: string): CalendarDate {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    if (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date.year, date.month)) {
      return date;
    }
  }
  throw new RangeError(`${field} must be a calendar date as YYYY-MM-DD`);
}

/** The date `months` months after `start`, on the same day of the month or the month's last day if it is shorter. */
function addMonths(start: CalendarDate, months: number): string {
  const index = start.year * 12 + start.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(start.day, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; setUTCFullYear keeps years 0-99 literal.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
