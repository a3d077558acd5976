/**
 * `npm run quickstart`: the developer door, narrated. Packs the blueprint, creates a service
 * with the real `projen new --from bank-blueprints@file:<tarball> bank-service`, lets projen
 * install it, builds it, starts it on the embedded PGlite database and calls it.
 *
 * The service is left in .quickstart/bank-service for you to explore; the next run replaces it.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT } from './lib/generate';
import { packBlueprints } from './lib/pack';

const WORKDIR = path.join(REPO_ROOT, '.quickstart');
const SERVICE_DIR = path.join(WORKDIR, 'bank-service');
let stepNumber = 0;

function step(title: string): void {
  stepNumber += 1;
  console.log(`\n\x1b[1m[${stepNumber}] ${title}\x1b[0m`);
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the service exited with code ${server.exitCode}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the service did not become healthy within 60 s');
}

interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly as?: string;
}

/** One HTTP call, printed as the curl command a person would type, and its answer. */
async function call(baseUrl: string, method: string, url: string, options: CallOptions = {}): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {};
  const shown: string[] = [];
  if (options.token) {
    headers.authorization = `Bearer ${options.token}`;
    shown.push(`-H "authorization: Bearer $${options.as ?? 'TOKEN'}"`);
  }
  if (options.idempotencyKey) {
    headers['idempotency-key'] = options.idempotencyKey;
    shown.push(`-H "idempotency-key: ${options.idempotencyKey}"`);
  }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    shown.push(`-d '${JSON.stringify(options.body)}'`);
  }
  console.log(`$ curl -X ${method} ${baseUrl}${url} ${shown.join(' ')}`.trimEnd());
  const response = await fetch(`${baseUrl}${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const body = (await response.json()) as Record<string, unknown>;
  const replayed = response.headers.get('idempotent-replayed') ? ' (replayed)' : '';
  console.log(`HTTP ${response.status}${replayed} ${JSON.stringify(body).slice(0, 400)}`);
  if (!response.ok) {
    throw new Error(`${method} ${url} answered ${response.status}`);
  }
  return body;
}

/** A token from the service's own `npm run token`, as its README shows. */
function token(args: string[]): string {
  const result = spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { cwd: SERVICE_DIR, encoding: 'utf-8' });
  if (result.status !== 0) {
    throw new Error(`npm run token failed: ${result.stderr}`);
  }
  return result.stdout.trim();
}

async function main(): Promise<void> {
  step('Pack bank-blueprints as it would be published');
  fs.rmSync(WORKDIR, { recursive: true, force: true });
  fs.mkdirSync(SERVICE_DIR, { recursive: true });
  const tarball = packBlueprints(WORKDIR);
  console.log(`packed ${path.relative(REPO_ROOT, tarball)}`);

  step('Create a service with projen new (then projen installs its packages)');
  // A developer runs this interactively; outside CI projen installs with `npm install`.
  const interactive = { ...process.env, CI: '' };
  sh(path.join(REPO_ROOT, 'node_modules', '.bin', 'projen'), [
    'new', '--from', `bank-blueprints@file:${tarball}`, 'bank-service',
    '--projen-version', '0.103.25', '--service-name', 'bank-service', '--aws-region', 'eu-central-1',
  ], SERVICE_DIR, interactive);

  step('Compile it');
  sh('npx', ['projen', 'compile'], SERVICE_DIR);

  step('Mint local tokens (the service trusts its own .local/ signing key in development)');
  console.log('$ STAFF=$(npm run --silent token -- --staff); ALICE=...; BOB=...');
  const staff = token(['--staff']);
  const alice = token(['--customer', 'alice']);
  const bob = token(['--customer', 'bob']);

  step('Start it on the embedded PGlite database (migrations run at start-up)');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    JWKS_FILE: '.local/jwks.json',
    CARD_TOKEN_KEY_FILE: '.local/card-token-key',
  };
  console.log(`$ PORT=${port} JWKS_FILE=.local/jwks.json CARD_TOKEN_KEY_FILE=.local/card-token-key node lib/server.js`);
  const server = spawn('node', ['lib/server.js'], { cwd: SERVICE_DIR, env, stdio: 'inherit' });
  try {
    await waitForHealth(baseUrl, server);
    step('Check it is up');
    await call(baseUrl, 'GET', '/health');
    await call(baseUrl, 'GET', '/ready');

    step('Staff onboard two customers; each opens an account');
    for (const [name, externalId] of [['Alice Example', 'alice'], ['Bob Example', 'bob']]) {
      await call(baseUrl, 'POST', '/v1/customers', { token: staff, as: 'STAFF', body: { externalId, fullName: name, email: `${externalId}@example.com`, country: 'DE' } });
    }
    const aliceAccount = await call(baseUrl, 'POST', '/v1/accounts', { token: alice, as: 'ALICE', body: { currency: 'EUR', type: 'current' } });
    const bobAccount = await call(baseUrl, 'POST', '/v1/accounts', { token: bob, as: 'BOB', body: { currency: 'EUR', type: 'current' } });

    step('Staff deposit 100.00 EUR for Alice (10000 minor units, through the ledger)');
    await call(baseUrl, 'POST', `/v1/accounts/${aliceAccount.id}/deposits`, {
      token: staff, as: 'STAFF', idempotencyKey: 'quickstart-deposit-1', body: { amount: 10_000, reference: 'salary' },
    });

    step('Alice pays Bob 25.00 EUR, and retries with the same Idempotency-Key: one transfer, replayed');
    const transfer = { fromAccountId: aliceAccount.id, toAccountId: bobAccount.id, amount: 2_500, currency: 'EUR', reference: 'dinner' };
    await call(baseUrl, 'POST', '/v1/transfers', { token: alice, as: 'ALICE', idempotencyKey: 'quickstart-transfer-1', body: transfer });
    await call(baseUrl, 'POST', '/v1/transfers', { token: alice, as: 'ALICE', idempotencyKey: 'quickstart-transfer-1', body: transfer });

    step('Alice reads her history; Bob cannot see her account');
    await call(baseUrl, 'GET', `/v1/accounts/${aliceAccount.id}/transactions?limit=10`, { token: alice, as: 'ALICE' });
    const peek = await fetch(`${baseUrl}/v1/accounts/${aliceAccount.id}`, { headers: { authorization: `Bearer ${bob}` } });
    console.log(`$ curl ${baseUrl}/v1/accounts/${aliceAccount.id} -H "authorization: Bearer $BOB"\nHTTP ${peek.status} (as if it did not exist)`);

    step('Alice takes a 1,000.00 EUR loan at 4.50 % over 12 months, and gets a card');
    const loan = await call(baseUrl, 'POST', '/v1/loans', {
      token: alice, as: 'ALICE', idempotencyKey: 'quickstart-loan-1', body: { accountId: aliceAccount.id, principal: 100_000, annualInterestRateBps: 450, termMonths: 12 },
    });
    console.log(`first instalment: ${JSON.stringify((loan.schedule as unknown[])[0])}`);
    await call(baseUrl, 'POST', '/v1/cards', { token: alice, as: 'ALICE', body: { accountId: aliceAccount.id } });
  } finally {
    server.kill('SIGTERM');
  }

  step('Done');
  console.log(`The service is in ${path.relative(REPO_ROOT, SERVICE_DIR)}/. Try \`npx projen test\` there, or read its README.md.`);
}

main().catch((error: unknown) => {
  console.error(`\nquickstart failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
