import { Kysely, sql } from 'kysely';

/**
 * The audit trail. It is append-only: a trigger refuses UPDATE and DELETE, so a record,
 * once written, is evidence (PCI DSS 10, ISO 27001 A.8.15).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('details', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`
    create function refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % is not allowed', tg_op;
    end;
    $$
  `.execute(db);
  await sql`
    create trigger audit_events_append_only
    before update or delete on audit_events
    for each row execute function refuse_audit_change()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await sql`drop function refuse_audit_change()`.execute(db);
}
