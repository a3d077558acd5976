import type { Actor } from './actor';
import { problems } from '../domain/problems';
import { Customer, findCustomerByExternalId } from '../repositories/customers';
import type { Executor } from '../repositories/executor';

/**
 * The two access rules every resource follows, in one place:
 * - staff may see any customer's records;
 * - a customer sees only their own, and anything else answers 404, exactly like a record that
 *   does not exist, so ids never reveal what exists.
 */
export async function mayAccess(db: Executor, actor: Actor, ownerCustomerId: string): Promise<boolean> {
  if (actor.kind === 'staff') {
    return true;
  }
  const customer = await findCustomerByExternalId(db, actor.subject);
  return customer !== undefined && customer.id === ownerCustomerId;
}

/** The customer record of a customer token; 404 when staff have not onboarded them yet. */
export async function currentCustomer(db: Executor, actor: Actor): Promise<Customer> {
  if (actor.kind !== 'customer') {
    throw problems.forbidden('Only customers have a customer record.');
  }
  const customer = await findCustomerByExternalId(db, actor.subject);
  if (!customer) {
    throw problems.notFound('Your customer record');
  }
  return customer;
}

/**
 * Whose records a listing shows: a customer's own; for staff, the customer they name (the
 * `customerId` query parameter is required for them).
 */
export async function listingOwner(db: Executor, actor: Actor, customerId: string | undefined, what: string): Promise<string> {
  if (actor.kind === 'customer') {
    return (await currentCustomer(db, actor)).id;
  }
  if (customerId === undefined) {
    throw problems.invalid('querystring/customerId', `is required when staff list ${what}`);
  }
  return customerId;
}
