/**
 * `npm run bench` (needs DATABASE_URL): throughput and latency of the API against PostgreSQL,
 * next to the ceiling of the same SQL run by pgbench on the same server.
 *
 * 1. A scratch database on the DATABASE_URL server, migrated; the compiled service started
 *    on it as its own process, trusting a throw-away signing key.
 * 2. Seeds ACCOUNTS customers with one funded account each, through the API.
 * 3. POST /v1/transfers from CONCURRENCY clients for SECONDS (random pairs, fresh keys), then
 *    GET /v1/accounts/{id}/transactions the same way.
 * 4. pgbench runs the transfer's SQL (two row locks in id order, entry, two postings, transfer,
 *    two balance updates, idempotency record, audit record) with the same concurrency.
 *
 * Prints a Markdown table with the machine and date. Settings: BENCH_SECONDS (default 15),
 * BENCH_CONCURRENCY (16), BENCH_ACCOUNTS (100).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs `request` from CONCURRENCY loops for SECONDS and measures each call. */
async function load(request: () => Promise<Response>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const response = await request();
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
      if (!response.ok) {
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

function pgbenchScript(): string {
  const account = (n: string) => `(select id from bench_ids where n = ${n})`;
  return [
    `\\set a random(1, ${ACCOUNTS})`,
    `\\set d random(1, ${ACCOUNTS - 1})`,
    `\\set b 1 + ((:a - 1 + :d) % ${ACCOUNTS})`,
    'begin;',
    `select balance from accounts where id = least(${account(':a')}, ${account(':b')}) for update;`,
    `select balance from accounts where id = greatest(${account(':a')}, ${account(':b')}) for update;`,
    'insert into idempotency_keys (principal, key, request_hash, status_code, response) values (\'pgbench\', md5(random()::text || clock_timestamp()::text), \'x\', 0, \'null\');',
    `with e as (insert into journal_entries (kind, reference, actor, request_id) values ('transfer', 'pgbench', 'pgbench', 'pgbench') returning id),
      p as (insert into postings (entry_id, account_id, currency, amount, balance_after)
        select e.id, ${account(':a')}, 'EUR', -1, 0 from e union all select e.id, ${account(':b')}, 'EUR', 1, 0 from e returning 1),
      t as (insert into transfers (entry_id, from_account_id, to_account_id, amount, currency, reference)
        select e.id, ${account(':a')}, ${account(':b')}, 1, 'EUR', 'pgbench' from e returning 1)
      select (select count(*) from p) + (select count(*) from t);`.replace(/\n\s*/g, ' '),
    `update accounts set balance = balance - 1 where id = ${account(':a')};`,
    `update accounts set balance = balance + 1 where id = ${account(':b')};`,
    'insert into audit_events (actor, action, request_id, details) values (\'pgbench\', \'transfer.created\', \'pgbench\', \'{}\');',
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
    const post = (path: string, token: string, body: unknown) => fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const owners: Array<{ token: string; accountId: string }> = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const externalId = `bench-${i}`;
      await post('/v1/customers', staff, { externalId, fullName: `Bench ${i}`, email: `bench${i}@example.com`, country: 'DE' });
      const token = customerToken(keys, auth, externalId);
      const account = (await (await post('/v1/accounts', token, { currency: 'EUR', type: 'current' })).json()) as { id: string };
      await post(`/v1/accounts/${account.id}/deposits`, staff, { amount: 1_000_000_000, reference: 'bench funding' });
      owners.push({ token, accountId: account.id });
    }
    await sql`create table bench_ids (n integer primary key, id uuid not null)`.execute(db);
    for (const [index, owner] of owners.entries()) {
      await sql`insert into bench_ids values (${index + 1}, ${owner.accountId})`.execute(db);
    }

    const pick = () => Math.floor(Math.random() * ACCOUNTS);
    const transfers = await load(() => {
      const from = pick();
      const to = (from + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
      return post('/v1/transfers', owners[from].token, { fromAccountId: owners[from].accountId, toAccountId: owners[to].accountId, amount: 1, currency: 'EUR', reference: 'bench' });
    });
    const history = await load(() => {
      const owner = owners[pick()];
      return fetch(`${baseUrl}/v1/accounts/${owner.accountId}/transactions?limit=20`, { headers: { authorization: `Bearer ${owner.token}` } });
    });

    writeFileSync(join(scratch, 'transfer.sql'), pgbenchScript());
    const pgbench = spawnSync('pgbench', ['-n', '-c', String(CONCURRENCY), '-j', '2', '-T', String(SECONDS), '-f', join(scratch, 'transfer.sql'), url.toString()], { encoding: 'utf-8' });
    if (pgbench.status !== 0) {
      throw new Error(`pgbench failed: ${pgbench.stderr}`);
    }
    const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1]);

    console.log(`\nMachine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`);
    console.log(`Node.js ${process.version}; date ${new Date().toISOString().slice(0, 10)}; ${CONCURRENCY} concurrent clients, ${SECONDS} s each, ${ACCOUNTS} accounts\n`);
    console.log('| measurement | requests | errors | per second | p50 ms | p99 ms |');
    console.log('|---|---|---|---|---|---|');
    const row = (label: string, r: Result) => console.log(`| ${label} | ${r.requests} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    row('API `POST /v1/transfers`', transfers);
    row('API `GET /v1/accounts/{id}/transactions?limit=20`', history);
    console.log(`| pgbench, the same transfer SQL (ceiling) | | | ${tps.toFixed(0)} | avg ${latency.toFixed(1)} | |`);
    console.log(`\nAPI transfers reach ${((transfers.perSecond / tps) * 100).toFixed(0)} % of the pgbench ceiling (target: at least 50 %).`);
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
