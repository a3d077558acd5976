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

async function call(baseUrl: string, method: string, url: string): Promise<void> {
  console.log(`$ curl -X ${method} ${baseUrl}${url}`);
  const response = await fetch(`${baseUrl}${url}`, { method });
  console.log(`HTTP ${response.status} ${JSON.stringify(await response.json())}`);
  if (!response.ok) {
    throw new Error(`${method} ${url} answered ${response.status}`);
  }
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

  step('Start it on the embedded PGlite database (migrations run at start-up)');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' };
  console.log(`$ PORT=${port} node lib/server.js`);
  const server = spawn('node', ['lib/server.js'], { cwd: SERVICE_DIR, env, stdio: 'inherit' });
  try {
    await waitForHealth(baseUrl, server);
    step('Call it');
    await call(baseUrl, 'GET', '/health');
    await call(baseUrl, 'GET', '/ready');
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
