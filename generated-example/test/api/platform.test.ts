import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';

describe('HTTP platform behaviour', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('pglite', { rateLimitPerMinute: 30 });
  });

  afterAll(async () => {
    await api.close();
  });

  it('publishes an OpenAPI 3.1 document generated from the validation schemas', async () => {
    const response = await api.call('GET', '/openapi.json', undefined);
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      '/v1/customers', '/v1/customers/me', '/v1/accounts', '/v1/accounts/{id}', '/v1/accounts/{id}/deposits', '/v1/accounts/{id}/transactions', '/v1/transfers',
    ]));
    const transfer = document.paths['/v1/transfers'].post;
    expect(transfer.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(transfer.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['fromAccountId', 'amount', 'currency']));
  });

  it('serves the docs page', async () => {
    const response = await api.call('GET', '/docs/', undefined);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('refuses an oversized body with a problem document', async () => {
    const response = await api.call('POST', '/v1/customers', api.staff, { externalId: 'x'.repeat(70 * 1024), fullName: 'x', email: 'x@example.com', country: 'DE' });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps CORS closed: no cross-origin grant on any response', async () => {
    const response = await api.app.inject({ method: 'OPTIONS', url: '/v1/accounts', headers: { 'origin': 'https://evil.example.com', 'access-control-request-method': 'GET' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes with a problem document and no internals', async () => {
    const response = await api.call('GET', '/v2/everything', undefined);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: 'urn:bank:problem:not-found', status: 404 });
    expect(response.body).not.toMatch(/node_modules|\.ts:\d+|at /);
  });

  it('rate-limits a client that sends too many requests (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await api.call('GET', '/health', undefined)).statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await api.call('GET', '/health', undefined);
    expect(limited.json()).toMatchObject({ type: 'urn:bank:problem:rate-limited', status: 429 });
  });
});
