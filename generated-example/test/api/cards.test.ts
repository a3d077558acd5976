import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/domain/cards';
import { loggerOptions } from '../../src/logging';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

/**
 * Every 13-19 digit run (digits optionally split by spaces or hyphens) that passes Luhn and
 * stands on its own: digits inside a longer word, such as a hex token, are not card numbers.
 */
function cardNumbersIn(text: string): string[] {
  return (text.match(/(?<![\dA-Za-z_])\d(?:[ -]?\d){12,18}(?![\dA-Za-z_])/g) ?? []).map((run) => run.replace(/[ -]/g, '')).filter(isValidLuhn);
}

describe.each(ENGINES)('cards on %s', (engine) => {
  let api: TestApi;
  const logLines: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    api = await startTestApi(engine, { logger: { ...(loggerOptions('trace') as object), stream } });
  });

  afterAll(async () => {
    await api.close();
  });

  it('issues a card: token, last four digits, brand and expiry, never the number', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const response = await api.call('POST', '/v1/cards', token, { accountId });
    expect(response.statusCode, response.body).toBe(201);
    const card = response.json();
    expect(Object.keys(card).sort()).toEqual(['accountId', 'brand', 'expiryMonth', 'expiryYear', 'id', 'last4', 'status']);
    expect(card).toMatchObject({ accountId, brand: 'visa', status: 'active', expiryYear: new Date().getUTCFullYear() + 4 });
    expect(card.last4).toMatch(/^\d{4}$/);
    expect(cardNumbersIn(response.body)).toEqual([]);
    expect((await api.call('GET', '/v1/cards', token)).json().data).toEqual([card]);
  });

  it('freezes and unfreezes a card, harmlessly twice', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const card = (await api.call('POST', '/v1/cards', token, { accountId })).json();
    for (const [action, status] of [['freeze', 'frozen'], ['freeze', 'frozen'], ['unfreeze', 'active']]) {
      const response = await api.call('POST', `/v1/cards/${card.id}/${action}`, token);
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe(status);
    }
    const audit = await api.test.db.selectFrom('audit_events').select('action').where(sql<boolean>`details->>'cardId' = ${card.id}`).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['card.frozen', 'card.issued', 'card.unfrozen']);
  });

  it('keeps cards private: another customer gets 404, staff may freeze', async () => {
    const alice = await api.newCustomerWithAccount();
    const bob = await api.newCustomerWithAccount();
    const card = (await api.call('POST', '/v1/cards', alice.token, { accountId: alice.accountId })).json();
    expect((await api.call('POST', `/v1/cards/${card.id}/freeze`, bob.token)).statusCode).toBe(404);
    expect((await api.call('POST', '/v1/cards', bob.token, { accountId: alice.accountId })).statusCode).toBe(404);
    expect((await api.call('POST', `/v1/cards/${card.id}/freeze`, api.staff)).json().status).toBe('frozen');
  });

  it('refuses unknown fields and malformed ids', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const extra = await api.call('POST', '/v1/cards', token, { accountId, cvv: '123' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors.map((e: { field: string }) => e.field)).toContain('body/cvv');
    expect((await api.call('POST', '/v1/cards/not-a-uuid/freeze', token)).statusCode).toBe(400);
  });

  it('leaves no card number in any table or any log line', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    for (let i = 0; i < 5; i++) {
      await api.call('POST', '/v1/cards', token, { accountId }, { 'idempotency-key': randomUUID() });
    }
    // A number that slips into a log message is masked on its way out.
    api.app.log.info('customer read out 4242 4242 4242 4242 on the phone');
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(api.test.db);
    expect(tables.rows.length).toBeGreaterThan(5);
    for (const { name } of tables.rows) {
      const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(name)} t`.execute(api.test.db);
      for (const { row } of rows.rows) {
        expect(cardNumbersIn(row), `${name}: ${row}`).toEqual([]);
      }
    }
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('')).toContain('[REDACTED PAN]');
    for (const line of logLines) {
      expect(cardNumbersIn(line), line).toEqual([]);
    }
  });
});
