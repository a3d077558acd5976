import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { migrateToLatest } from '../src/db/migrate';
import { SERVICE } from '../src/service';
import { ENGINES, openTestDatabase, TestDatabase } from './support/databases';

describe.each(ENGINES)('health endpoints on %s', (engine) => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await openTestDatabase(engine);
    await migrateToLatest(test.db);
  });

  afterEach(async () => {
    await test.close();
  });

  it('GET /health reports the process alive, with security headers', async () => {
    const app = await buildApp({ db: test.db });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: SERVICE.name });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    await app.close();
  });

  it('GET /ready checks the database', async () => {
    const app = await buildApp({ db: test.db });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    await app.close();
  });
});

describe('readiness without a database', () => {
  it('GET /ready answers 503 with Retry-After once the database is gone', async () => {
    const test = await openTestDatabase('pglite');
    const app = await buildApp({ db: test.db });
    await test.close();
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable' } });
    await app.close();
  });

  it('unknown routes answer 404 without internals', async () => {
    const test = await openTestDatabase('pglite');
    const app = await buildApp({ db: test.db });
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    await app.close();
    await test.close();
  });
});
