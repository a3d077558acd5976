import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEntry, LedgerAccount, PostingLine } from '../../src/domain/ledger';
import { Problem } from '../../src/domain/problems';

const accountsArbitrary = fc.array(
  fc.record({ balance: fc.bigInt({ min: 0n, max: 10n ** 12n }), mayOverdraw: fc.boolean() }),
  { minLength: 2, maxLength: 6 },
).map((specs) => new Map<string, LedgerAccount>(specs.map((spec, i) => [`acc-${i}`, { id: `acc-${i}`, currency: 'EUR', status: 'active', ...spec }])));

/** A balanced entry over the given accounts: random amounts, the last line takes the remainder. */
function balancedLines(accounts: ReadonlyMap<string, LedgerAccount>) {
  const ids = [...accounts.keys()];
  const line = fc.record({ account: fc.nat({ max: ids.length - 1 }), amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }) });
  return fc.array(line, { minLength: 1, maxLength: 8 })
    .map((raw) => {
      const lines: PostingLine[] = raw.filter((l) => l.amount !== 0n).map((l) => ({ accountId: ids[l.account], amount: l.amount }));
      const total = lines.reduce((sum, l) => sum + l.amount, 0n);
      const closing = ids[(raw[0].account + 1) % ids.length];
      return total === 0n ? lines : [...lines, { accountId: closing, amount: -total }];
    })
    .filter((lines) => lines.length >= 2);
}

describe('applyEntry', () => {
  it('moves every account by exactly its lines, and the entry as a whole by zero', () => {
    fc.assert(fc.property(accountsArbitrary.chain((accounts) => fc.tuple(fc.constant(accounts), balancedLines(accounts))), ([accounts, lines]) => {
      const expected = new Map<string, bigint>();
      for (const line of lines) {
        expected.set(line.accountId, (expected.get(line.accountId) ?? accounts.get(line.accountId)!.balance) + line.amount);
      }
      const wouldOverdraw = [...expected].some(([id, balance]) => balance < 0n && !accounts.get(id)!.mayOverdraw);
      if (wouldOverdraw) {
        expect(() => applyEntry(accounts, lines)).toThrow(expect.objectContaining({ status: 422, type: 'urn:bank:problem:insufficient-funds' }));
        return;
      }
      const result = applyEntry(accounts, lines);
      expect(result).toEqual(expected);
      const before = [...result.keys()].reduce((sum, id) => sum + accounts.get(id)!.balance, 0n);
      const after = [...result.values()].reduce((sum, balance) => sum + balance, 0n);
      expect(after).toBe(before);
    }));
  });

  it('refuses any entry that does not balance', () => {
    const skew = fc.bigInt({ min: 1n, max: 10n ** 6n });
    const skewedEntries = accountsArbitrary.chain((accounts) => fc.tuple(fc.constant(accounts), balancedLines(accounts), skew));
    fc.assert(fc.property(skewedEntries,
      ([accounts, lines, extra]) => {
        const skewed = [...lines.slice(0, -1), { ...lines[lines.length - 1], amount: lines[lines.length - 1].amount + extra }];
        expect(() => applyEntry(accounts, skewed)).toThrow(RangeError);
      }));
  });

  it('refuses mixed currencies and inactive accounts', () => {
    const accounts = new Map<string, LedgerAccount>([
      ['a', { id: 'a', currency: 'EUR', balance: 100n, status: 'active', mayOverdraw: false }],
      ['b', { id: 'b', currency: 'USD', balance: 0n, status: 'active', mayOverdraw: false }],
      ['c', { id: 'c', currency: 'EUR', balance: 0n, status: 'frozen', mayOverdraw: false }],
    ]);
    expect(() => applyEntry(accounts, [{ accountId: 'a', amount: -10n }, { accountId: 'b', amount: 10n }]))
      .toThrow(expect.objectContaining({ type: 'urn:bank:problem:currency-mismatch' }));
    expect(() => applyEntry(accounts, [{ accountId: 'a', amount: -10n }, { accountId: 'c', amount: 10n }]))
      .toThrow(expect.objectContaining({ type: 'urn:bank:problem:account-not-active' }));
    expect(() => applyEntry(accounts, [{ accountId: 'a', amount: -10n }, { accountId: 'x', amount: 10n }])).toThrow(Problem);
  });
});
