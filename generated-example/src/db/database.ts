import type { ColumnType, Generated } from 'kysely';

/**
 * The typed shape of the database, one interface per table. Kysely checks every query
 * against it at compile time; migrations are what make it true at run time.
 */
export interface Database {
  audit_events: AuditEventTable;
}

/** Append-only record of every state change: who did what, when, under which request. */
export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, never, never>;
  actor: string;
  action: string;
  request_id: string;
  details: ColumnType<Record<string, unknown>, string, never>;
}
