/** Who acts, and under which request: every state change records both. */
export interface Actor {
  readonly kind: 'customer' | 'staff';
  /** The token's subject; for customers it is their `externalId`. */
  readonly subject: string;
  readonly requestId: string;
}

/** The actor as written into journal entries and audit records, e.g. `staff:alice`. */
export function actorId(actor: Actor): string {
  return `${actor.kind}:${actor.subject}`;
}
