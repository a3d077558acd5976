import { createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { customerToken, generateLocalKeys, LocalKeys, staffToken } from './local-auth';
import type { Jwks } from '../../src/auth/verifier';
import { loadConfig } from '../../src/config';

/**
 * `npm run token -- --customer <externalId>` or `npm run token -- --staff [subject]` prints a
 * bearer token that the locally running service accepts (`npm run dev` points the service
 * at `.local/jwks.json`). The signing key is created on first use in `.local/` (git-ignored).
 * `--ensure-keys` only creates the keys (and a local card token key for `npm run dev`).
 */
const DIR = '.local';
const KEY_FILE = join(DIR, 'signing-key.pem');
const JWKS_FILE = join(DIR, 'jwks.json');
const CARD_TOKEN_KEY_FILE = join(DIR, 'card-token-key');

function localKeys(): LocalKeys {
  if (!existsSync(KEY_FILE) || !existsSync(JWKS_FILE)) {
    const keys = generateLocalKeys();
    mkdirSync(DIR, { recursive: true });
    writeFileSync(KEY_FILE, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(JWKS_FILE, `${JSON.stringify(keys.jwks, null, 2)}\n`);
    console.error(`created a local signing key in ${DIR}/`);
    return keys;
  }
  const jwks = JSON.parse(readFileSync(JWKS_FILE, 'utf-8')) as Jwks;
  const privateKey: KeyObject = createPrivateKey(readFileSync(KEY_FILE, 'utf-8'));
  return { kid: String(jwks.keys[0].kid), privateKey, jwks };
}

/** A local card token key (`CARD_TOKEN_KEY_FILE` for `npm run dev`); production keeps its own in the secret store. */
function ensureCardTokenKey(): void {
  if (!existsSync(CARD_TOKEN_KEY_FILE)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(CARD_TOKEN_KEY_FILE, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
}

function main(args: string[]): void {
  const keys = localKeys();
  ensureCardTokenKey();
  if (args[0] === '--ensure-keys') {
    return;
  }
  const auth = loadConfig().auth;
  if (args[0] === '--customer' && args[1]) {
    console.log(customerToken(keys, auth, args[1]));
  } else if (args[0] === '--staff') {
    console.log(staffToken(keys, auth, args[1] ?? 'staff-local'));
  } else {
    console.error('usage: npm run token -- --customer <externalId> | --staff [subject]');
    process.exitCode = 2;
  }
}

main(process.argv.slice(2));
