import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';

describe.each(ENGINES)('customers on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  it('staff onboard a customer, who then reads their own record', async () => {
    const created = await api.call('POST', '/v1/customers', api.staff, { externalId: 'sub-grace', fullName: 'Grace Hopper', email: 'grace@example.com', country: 'US' });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer).toMatchObject({ externalId: 'sub-grace', fullName: 'Grace Hopper', email: 'grace@example.com', country: 'US' });
    expect(customer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(customer.createdAt).toISOString()).toBe(customer.createdAt);
    const me = await api.call('GET', '/v1/customers/me', api.customer('sub-grace'));
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(customer);
  });

  it('refuses a second customer with the same externalId (409) and writes nothing', async () => {
    const body = { externalId: 'sub-twice', fullName: 'Twice', email: 'twice@example.com', country: 'DE' };
    expect((await api.call('POST', '/v1/customers', api.staff, body)).statusCode).toBe(201);
    const again = await api.call('POST', '/v1/customers', api.staff, { ...body, fullName: 'Impostor' });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('urn:bank:problem:conflict');
    expect((await api.call('GET', '/v1/customers/me', api.customer('sub-twice'))).json().fullName).toBe('Twice');
  });

  it('answers 404 to a customer staff have not onboarded', async () => {
    const response = await api.call('GET', '/v1/customers/me', api.customer('sub-unknown'));
    expect(response.statusCode).toBe(404);
  });

  it.each([
    [{ externalId: 'a', fullName: 'A', email: 'not-an-email', country: 'DE' }, 'body/email'],
    [{ externalId: 'a', fullName: 'A', email: 'a@example.com', country: 'Germany' }, 'body/country'],
    [{ fullName: 'A', email: 'a@example.com', country: 'DE' }, 'body/externalId'],
    [{ externalId: 'a', fullName: 'A', email: 'a@example.com', country: 'DE', isAdmin: true }, 'body/isAdmin'],
  ])('refuses %j, naming the field %s', async (body, field) => {
    const response = await api.call('POST', '/v1/customers', api.staff, body);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().type).toBe('urn:bank:problem:validation');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
