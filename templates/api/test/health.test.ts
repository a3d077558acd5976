import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { testAppOptions } from './support/api';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { SERVICE } from '../src/service';
import { ENGINES, openTestDatabase, TestDatabase } from './support/databases';

describe.each(ENGINES)('health endpoints on %s', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(engine);
    await migrateToLatest(test.db);
  });

  afterAll(async () => {
    await test.close();
  });

  it('GET /health reports the process alive, with security headers', async () => {
    const app = await buildApp(testAppOptions(test.db));
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: SERVICE.name });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    await app.close();
  });

  it('GET /ready checks the database', async () => {
    const app = await buildApp(testAppOptions(test.db));
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    await app.close();
  });
});

describe('without a reachable database', () => {
  // Nothing listens on port 1: every connection attempt is refused at once.
  const unreachable = connectDatabase({ databaseUrl: 'postgres://bank@127.0.0.1:1/bank' });

  afterAll(async () => {
    await unreachable.destroy();
  });

  it('GET /health still answers: liveness never depends on the database', async () => {
    const app = await buildApp(testAppOptions(unreachable));
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    await app.close();
  });

  it('GET /ready answers 503 with Retry-After', async () => {
    const app = await buildApp(testAppOptions(unreachable));
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable' } });
    await app.close();
  });

  it('unknown routes answer 404 without internals', async () => {
    const app = await buildApp(testAppOptions(unreachable));
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/node_modules|\.ts:\d+/);
    await app.close();
  });
});
