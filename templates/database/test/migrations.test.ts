import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, TestDatabase } from './support/databases';
import { migrateDown, migrateToLatest } from '../src/db/migrate';

describe.each(ENGINES)('migrations on %s', (engine) => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await openTestDatabase(engine);
  });

  afterEach(async () => {
    await test.close();
  });

  it('creates the audit trail, and a second run has nothing left to do', async () => {
    const first = await migrateToLatest(test.db);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual([['0001_audit_events', 'Success']]);
    const second = await migrateToLatest(test.db);
    expect(second.results).toEqual([]);
  });

  it('keeps audit events append-only', async () => {
    await migrateToLatest(test.db);
    const inserted = await test.db
      .insertInto('audit_events')
      .values({ actor: 'staff:alice', action: 'customer.created', request_id: 'req-1', details: JSON.stringify({ customerId: 'c-1' }) })
      .returning(['id', 'occurred_at', 'details'])
      .executeTakeFirstOrThrow();
    expect(inserted.details).toEqual({ customerId: 'c-1' });
    expect(inserted.occurred_at).toBeInstanceOf(Date);

    await expect(sql`update audit_events set actor = 'mallory'`.execute(test.db)).rejects.toThrow(/append-only: UPDATE/);
    await expect(sql`delete from audit_events`.execute(test.db)).rejects.toThrow(/append-only: DELETE/);
    const rows = await test.db.selectFrom('audit_events').select(['actor']).execute();
    expect(rows).toEqual([{ actor: 'staff:alice' }]);
  });

  it('reverts the last migration', async () => {
    await migrateToLatest(test.db);
    await migrateDown(test.db);
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_name = 'audit_events'`.execute(test.db);
    expect(tables.rows).toEqual([]);
  });
});
