import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_audit_events';
import * as m0002 from './0002_core_banking';
import * as m0003 from './0003_loans_and_cards';

/**
 * Every migration, in order. Listing them in code (instead of reading a folder at run time)
 * keeps them inside bundles such as the batch Lambdas, where there is no folder to read.
 * Names sort in the order they must run; never rename or edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_audit_events': m0001,
  '0002_core_banking': m0002,
  '0003_loans_and_cards': m0003,
};
