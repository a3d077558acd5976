import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, TestDatabase } from './support/databases';
import { migrateDown, migrateToLatest } from '../src/db/migrate';
import { migrations } from '../src/db/migrations';

describe.each(ENGINES)('migrations on %s', (engine) => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await openTestDatabase(engine);
  });

  afterEach(async () => {
    await test.close();
  });

  it('applies every migration in order, and a second run has nothing left to do', async () => {
    const first = await migrateToLatest(test.db);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(migrations).map((name) => [name, 'Success']));
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

  it('reverts migrations one at a time, newest first', async () => {
    const tables = async (): Promise<string[]> => (await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_name in ('audit_events', 'accounts', 'postings') order by table_name
    `.execute(test.db)).rows.map((row) => row.name);
    await migrateToLatest(test.db);
    expect(await tables()).toEqual(['accounts', 'audit_events', 'postings']);
    const applied = Object.keys(migrations);
    for (const name of [...applied].reverse()) {
      const { results } = await migrateDown(test.db);
      expect(results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([[name, 'Down', 'Success']]);
    }
    expect(await tables()).toEqual([]);
  });
});
