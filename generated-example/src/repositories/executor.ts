import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database';

/** Repositories take the database or an open transaction: the caller decides the boundary. */
export type Executor = Kysely<Database> | Transaction<Database>;
