import type { OperationNodeSource, Transaction } from 'kysely';
import { currentCustomer, listingOwner, mayAccess } from './access';
import { Actor, actorId } from './actor';
import type { Database } from '../db/database';
import { isIsoCurrency } from '../domain/currencies';
import { problems } from '../domain/problems';
import { Account, findAccount, insertAccount, internalAccount, listCustomerAccounts, lockAccounts } from '../repositories/accounts';
import { auditInsert, recordAudit } from '../repositories/audit';
import { Customer, findCustomer, insertCustomer, NewCustomer } from '../repositories/customers';
import type { Executor } from '../repositories/executor';
import { newEntryId, postEntry, PostedEntry } from '../repositories/ledger';
import { AccountTransaction, listAccountTransactions } from '../repositories/transactions';
import { newTransferId, Transfer, transferInsert } from '../repositories/transfers';

/**
 * The banking use cases: each decides who may do what, runs the domain rules and writes
 * through repositories. Callers pass the transaction; every state change records an audit
 * event in it.
 */

export async function createCustomer(trx: Executor, actor: Actor, input: NewCustomer): Promise<Customer> {
  requireStaff(actor);
  const customer = await insertCustomer(trx, input);
  if (!customer) {
    throw problems.conflict(`A customer with externalId ${input.externalId} already exists.`);
  }
  await recordAudit(trx, { actor: actorId(actor), action: 'customer.created', requestId: actor.requestId, details: { customerId: customer.id } });
  return customer;
}

export async function openAccount(
  trx: Executor,
  actor: Actor,
  input: { customerId?: string; type: 'current' | 'savings'; currency: string },
): Promise<Account> {
  if (!isIsoCurrency(input.currency)) {
    throw problems.invalid('body/currency', 'is not an active ISO 4217 currency code');
  }
  let customerId: string;
  if (actor.kind === 'customer') {
    if (input.customerId !== undefined) {
      throw problems.forbidden('Customers open accounts for themselves; customerId is for staff.');
    }
    customerId = (await currentCustomer(trx, actor)).id;
  } else {
    if (input.customerId === undefined) {
      throw problems.invalid('body/customerId', 'is required when staff open an account');
    }
    if (!(await findCustomer(trx, input.customerId))) {
      throw problems.notFound(`Customer ${input.customerId}`);
    }
    customerId = input.customerId;
  }
  const account = await insertAccount(trx, { customerId, type: input.type, currency: input.currency });
  await recordAudit(trx, { actor: actorId(actor), action: 'account.opened', requestId: actor.requestId, details: { accountId: account.id } });
  return account;
}

export async function listAccounts(db: Executor, actor: Actor, customerId?: string): Promise<Account[]> {
  return listCustomerAccounts(db, await listingOwner(db, actor, customerId, 'accounts'));
}

/**
 * An account the actor may see. A customer asking for someone else's account gets the same
 * 404 as for an account that does not exist: ids never reveal whether they exist.
 */
export async function visibleAccount(db: Executor, actor: Actor, accountId: string): Promise<Account> {
  const account = await findAccount(db, accountId);
  if (!account || account.customerId === null || !(await mayAccess(db, actor, account.customerId))) {
    throw problems.notFound(`Account ${accountId}`);
  }
  return account;
}

/** Money enters a customer account from the bank's settlement account, through the ledger. */
export async function deposit(
  trx: Transaction<Database>,
  actor: Actor,
  input: { accountId: string; amount: bigint; reference: string },
): Promise<{ entry: PostedEntry; account: Account }> {
  requireStaff(actor);
  const account = await visibleAccount(trx, actor, input.accountId);
  const settlement = await internalAccount(trx, 'settlement', account.currency);
  const entryId = newEntryId();
  const entry = await postEntry(trx, { id: entryId, kind: 'deposit', reference: input.reference, actor: actorId(actor), requestId: actor.requestId }, [
    { accountId: settlement.id, amount: -input.amount },
    { accountId: account.id, amount: input.amount },
  ], {
    alongside: [auditInsert(trx, {
      actor: actorId(actor),
      action: 'account.deposit',
      requestId: actor.requestId,
      details: { accountId: account.id, entryId, amount: String(input.amount) },
    })],
  });
  return { entry, account };
}

export async function transfer(
  trx: Transaction<Database>,
  actor: Actor,
  input: { fromAccountId: string; toAccountId: string; amount: bigint; currency: string; reference: string },
  alsoWrite: (transfer: Transfer) => OperationNodeSource | undefined = () => undefined,
): Promise<Transfer> {
  if (input.fromAccountId === input.toAccountId) {
    throw problems.sameAccount();
  }
  // The hot path: one query locks both accounts and reads their owners; one statement writes
  // the entry, postings, balances, transfer and audit record, and whatever `alsoWrite` adds
  // (the route's idempotency record). The source must be the actor's own; the destination
  // may be any customer's account.
  const locked = await lockAccounts(trx, [input.fromAccountId, input.toAccountId]);
  const source = locked.get(input.fromAccountId);
  if (!source || source.account.customerId === null || (actor.kind === 'customer' && source.ownerExternalId !== actor.subject)) {
    throw problems.notFound(`Account ${input.fromAccountId}`);
  }
  const destination = locked.get(input.toAccountId);
  if (!destination || destination.account.customerId === null) {
    throw problems.notFound(`Account ${input.toAccountId}`);
  }
  if (source.account.currency !== input.currency || destination.account.currency !== input.currency) {
    throw problems.currencyMismatch(`Both accounts must hold ${input.currency}; cross-currency transfers are not supported.`);
  }
  const entryId = newEntryId();
  // Known before the write: the id is ours, the time is the transaction's (`now()`).
  const created: Transfer = { ...input, id: newTransferId(), createdAt: source.transactionTime };
  await postEntry(trx, { id: entryId, kind: 'transfer', reference: input.reference, actor: actorId(actor), requestId: actor.requestId }, [
    { accountId: input.fromAccountId, amount: -input.amount },
    { accountId: input.toAccountId, amount: input.amount },
  ], {
    locked,
    alongside: [
      transferInsert(trx, { ...created, entryId }),
      auditInsert(trx, { actor: actorId(actor), action: 'transfer.created', requestId: actor.requestId, details: { transferId: created.id, entryId } }),
      alsoWrite(created),
    ],
  });
  return created;
}

export async function accountHistory(
  db: Executor,
  actor: Actor,
  query: { accountId: string; limit: number; before?: bigint; from?: Date; to?: Date },
): Promise<AccountTransaction[]> {
  await visibleAccount(db, actor, query.accountId);
  return listAccountTransactions(db, query);
}

function requireStaff(actor: Actor): void {
  if (actor.kind !== 'staff') {
    throw problems.forbidden('This operation is reserved to bank staff.');
  }
}
