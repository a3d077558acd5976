/**
 * `npm run bench` (needs DATABASE_URL): throughput and latency of the API against PostgreSQL,
 * next to the ceiling of the same SQL run by pgbench on the same server.
 *
 * 1. A scratch database on the DATABASE_URL server, migrated; the compiled service started
 *    on it as its own process, trusting a throw-away signing key.
 * 2. Seeds ACCOUNTS customers with one funded account each, through the API.
 * 3. ROUNDS times, alternating: POST /v1/transfers from CONCURRENCY clients for SECONDS
 *    (random pairs, fresh keys), then pgbench running the same transfer's SQL with the same
 *    concurrency. Alternating rounds cancel out slow drifts of a shared machine; the ratio
 *    reported is the median of the rounds.
 * 4. GET /v1/accounts/{id}/transactions the same way, once.
 *
 * The load generator is Node's own HTTP client with keep-alive connections: it shares the
 * cores with the service and PostgreSQL, so it must cost as little as pgbench's C client.
 *
 * Prints Markdown tables with the machine and date. Settings: BENCH_SECONDS (default 15),
 * BENCH_CONCURRENCY (16), BENCH_ACCOUNTS (100), BENCH_ROUNDS (3).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { customerToken, generateLocalKeys, staffToken } from '../test/support/local-auth';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '15');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? '16');
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? '100');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');

interface Result {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** An HTTP client on keep-alive connections, one per concurrent caller. */
function httpClient(baseUrl: string): (method: 'GET' | 'POST', path: string, token: string, body?: unknown) => Promise<Reply> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return (method, path, token, body) => new Promise<Reply>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomUUID();
    }
    const req = httpRequest(`${baseUrl}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `call` from CONCURRENCY loops for SECONDS and measures each call. */
async function load(call: () => Promise<Reply>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const reply = await call();
      latencies.push(performance.now() - start);
      if (reply.status >= 400) {
        errors++;
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

interface PgbenchResult {
  readonly perSecond: number;
  readonly averageMs: number;
}

function runPgbench(scriptFile: string, databaseUrl: string): PgbenchResult {
  const pgbench = spawnSync('pgbench', ['-n', '-c', String(CONCURRENCY), '-j', '2', '-T', String(SECONDS), '-f', scriptFile, databaseUrl], { encoding: 'utf-8' });
  if (pgbench.status !== 0) {
    throw new Error(`pgbench failed: ${pgbench.stderr}`);
  }
  return {
    perSecond: Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1]),
    averageMs: Number(/latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1]),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function waitForHealth(baseUrl: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) {
      throw new Error(`the service exited with code ${server.exitCode}`);
    }
    try {
      if ((await fetch(`${baseUrl}/ready`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service did not become ready');
}

/**
 * The SQL one API transfer sends, statement for statement: lock both accounts with their
 * owners, then one statement for the entry, postings, balances, transfer, audit record and
 * idempotency record. (The API computes the new balances from the locked rows; here the
 * update adds and subtracts, which costs the database the same.)
 */
function pgbenchScript(): string {
  const account = (n: string) => `(select id from bench_ids where n = ${n})`;
  return [
    `\\set a random(1, ${ACCOUNTS})`,
    `\\set d random(1, ${ACCOUNTS - 1})`,
    `\\set b 1 + ((:a - 1 + :d) % ${ACCOUNTS})`,
    'begin;',
    `select accounts.id, accounts.customer_id, accounts.number, accounts.type, accounts.currency, accounts.balance, accounts.status,
      accounts.created_at, customers.external_id from accounts left join customers on customers.id = accounts.customer_id
      where accounts.id in (${account(':a')}, ${account(':b')}) order by accounts.id for update of accounts;`.replace(/\n\s*/g, ' '),
    `with ids as (select gen_random_uuid() as entry_id, gen_random_uuid() as transfer_id),
      entry as (insert into journal_entries (id, kind, reference, actor, request_id)
        select entry_id, 'transfer', 'pgbench', 'pgbench', 'pgbench' from ids returning created_at),
      posted as (insert into postings (entry_id, account_id, currency, amount, balance_after)
        select entry_id, ${account(':a')}, 'EUR', -1, 0 from ids union all select entry_id, ${account(':b')}, 'EUR', 1, 0 from ids
        returning id, account_id, amount, balance_after),
      balances as (update accounts set balance = balance + case id when ${account(':a')} then -1 else 1 end
        where id in (${account(':a')}, ${account(':b')})),
      transfer as (insert into transfers (id, entry_id, from_account_id, to_account_id, amount, currency, reference)
        select transfer_id, entry_id, ${account(':a')}, ${account(':b')}, 1, 'EUR', 'pgbench' from ids),
      audit as (insert into audit_events (actor, action, request_id, details) values ('pgbench', 'transfer.created', 'pgbench', '{}')),
      outcome as (insert into idempotency_keys (principal, key, request_hash, status_code, response)
        values ('pgbench', md5(random()::text || clock_timestamp()::text), 'x', 201, '{}'))
      select posted.*, entry.created_at from posted cross join entry order by posted.id;`.replace(/\n\s*/g, ' '),
    'commit;',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('DATABASE_URL must point at a PostgreSQL server (the benchmark creates and drops its own database there)');
  }
  const name = `bench_${Date.now()}`;
  const admin = connectDatabase({ databaseUrl: serverUrl });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = connectDatabase({ databaseUrl: url.toString() });
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  let server: ChildProcess | undefined;
  try {
    await migrateToLatest(db);
    const keys = generateLocalKeys();
    writeFileSync(join(scratch, 'jwks.json'), JSON.stringify(keys.jwks));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    server = spawn('node', ['lib/server.js'], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url.toString(),
        JWKS_FILE: join(scratch, 'jwks.json'),
        CARD_TOKEN_KEY: randomBytes(32).toString('base64'),
        RATE_LIMIT_PER_MINUTE: '999999',
        LOG_LEVEL: 'warn',
      },
      stdio: 'inherit',
    });
    await waitForHealth(baseUrl, server);

    const auth = loadConfig().auth;
    const staff = staffToken(keys, auth);
    const call = httpClient(baseUrl);
    const post = async <T>(path: string, token: string, body: unknown): Promise<T> => {
      const reply = await call('POST', path, token, body);
      if (reply.status !== 201) {
        throw new Error(`seeding: POST ${path} answered ${reply.status}: ${reply.body}`);
      }
      return JSON.parse(reply.body) as T;
    };
    const owners: Array<{ token: string; accountId: string }> = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const externalId = `bench-${i}`;
      await post('/v1/customers', staff, { externalId, fullName: `Bench ${i}`, email: `bench${i}@example.com`, country: 'DE' });
      const token = customerToken(keys, auth, externalId);
      const account = await post<{ id: string }>('/v1/accounts', token, { currency: 'EUR', type: 'current' });
      await post(`/v1/accounts/${account.id}/deposits`, staff, { amount: 1_000_000_000, reference: 'bench funding' });
      owners.push({ token, accountId: account.id });
    }
    await sql`create table bench_ids (n integer primary key, id uuid not null)`.execute(db);
    for (const [index, owner] of owners.entries()) {
      await sql`insert into bench_ids values (${index + 1}, ${owner.accountId})`.execute(db);
    }
    writeFileSync(join(scratch, 'transfer.sql'), pgbenchScript());

    const pick = () => Math.floor(Math.random() * ACCOUNTS);
    const rounds: Array<{ api: Result; pgbench: PgbenchResult }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const api = await load(() => {
        const from = pick();
        const to = (from + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
        const body = { fromAccountId: owners[from].accountId, toAccountId: owners[to].accountId, amount: 1, currency: 'EUR', reference: 'bench' };
        return call('POST', '/v1/transfers', owners[from].token, body);
      });
      rounds.push({ api, pgbench: runPgbench(join(scratch, 'transfer.sql'), url.toString()) });
    }
    const history = await load(() => {
      const owner = owners[pick()];
      return call('GET', `/v1/accounts/${owner.accountId}/transactions?limit=20`, owner.token);
    });

    console.log(`\nMachine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`);
    console.log(`Node.js ${process.version}; date ${new Date().toISOString().slice(0, 10)}; ${CONCURRENCY} concurrent clients, ${SECONDS} s each, ${ACCOUNTS} accounts\n`);
    console.log('| round | API transfers | errors | per second | p50 ms | p99 ms | pgbench per second | pgbench avg ms | API / pgbench |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    rounds.forEach(({ api, pgbench }, index) => console.log(
      `| ${index + 1} | ${api.requests} | ${api.errors} | ${api.perSecond.toFixed(0)} | ${api.p50.toFixed(1)} | ${api.p99.toFixed(1)} `
      + `| ${pgbench.perSecond.toFixed(0)} | ${pgbench.averageMs.toFixed(1)} | ${((api.perSecond / pgbench.perSecond) * 100).toFixed(0)} % |`,
    ));
    console.log('\n| measurement | requests | errors | per second | p50 ms | p99 ms |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| API \`GET /v1/accounts/{id}/transactions?limit=20\` | ${history.requests} | ${history.errors} | ${history.perSecond.toFixed(0)} | ${history.p50.toFixed(1)} | ${history.p99.toFixed(1)} |`);
    const ratio = median(rounds.map(({ api, pgbench }) => api.perSecond / pgbench.perSecond));
    console.log(`\nAPI transfers reach ${(ratio * 100).toFixed(0)} % of the pgbench ceiling, median of ${ROUNDS} rounds (target: at least 50 %).`);
  } finally {
    server?.kill('SIGTERM');
    await db.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
