import type { Executor } from './executor';

export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly requestId: string;
  readonly details: Record<string, unknown>;
}

/** The insert of an audit record, for writes that run it inside their own statement. */
export function auditInsert(db: Executor, record: AuditRecord) {
  return db
    .insertInto('audit_events')
    .values({ actor: record.actor, action: record.action, request_id: record.requestId, details: JSON.stringify(record.details) });
}

/** Appends to the audit trail, in the caller's transaction: no state change without its record. */
export async function recordAudit(db: Executor, record: AuditRecord): Promise<void> {
  await auditInsert(db, record).execute();
}
