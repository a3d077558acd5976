import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoIssuer } from '../../src/auth/verifier';
import { startTestApi, TestApi } from '../support/api';
import { ENGINES } from '../support/databases';
import { customerToken, generateLocalKeys, signJwt, staffToken } from '../support/local-auth';

describe.each(ENGINES)('identity and access on %s', (engine) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(engine);
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses a request without a bearer token, asking for one', async () => {
    const response = await api.call('GET', '/v1/accounts', undefined);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: 'urn:bank:problem:unauthorized', status: 401 });
  });

  it.each([
    ['signed by an unknown key', () => customerToken(generateLocalKeys(), api.auth, 'mallory')],
    ['expired', () => customerToken(api.keys, api.auth, 'mallory', { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['issued for another app client', () => customerToken(api.keys, api.auth, 'mallory', { client_id: 'another-client' })],
    ['an id token instead of an access token', () => customerToken(api.keys, api.auth, 'mallory', { token_use: 'id' })],
    ['from an untrusted issuer', () => customerToken(api.keys, api.auth, 'mallory', { iss: 'https://evil.example.com' })],
    ['a staff token for another audience', () => staffToken(api.keys, api.auth, 'eve', { aud: 'api://someone-else' })],
    ['unsigned (alg none)', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', iss: cognitoIssuer(api.auth) })).toString('base64url')}.`],
    ['not a JWT', () => 'not-a-jwt'],
  ])('refuses a token %s with 401', async (_case, token) => {
    const response = await api.call('GET', '/v1/customers/me', token());
    expect(response.statusCode).toBe(401);
    expect(response.json().type).toBe('urn:bank:problem:unauthorized');
  });

  it('refuses staff tokens without the staff role with 403', async () => {
    const token = staffToken(api.keys, api.auth, 'intern', { roles: ['bank.viewer'] });
    const response = await api.call('GET', '/v1/accounts', token);
    expect(response.statusCode).toBe(403);
  });

  it('keeps staff-only endpoints from customers (403)', async () => {
    const { token, accountId } = await api.newCustomerWithAccount();
    const onboard = await api.call('POST', '/v1/customers', token, { externalId: 'x', fullName: 'X', email: 'x@example.com', country: 'DE' });
    expect(onboard.statusCode).toBe(403);
    const deposit = await api.call('POST', `/v1/accounts/${accountId}/deposits`, token, { amount: 100, reference: 'self-made money' }, { 'idempotency-key': 'k1' });
    expect(deposit.statusCode).toBe(403);
  });

  it('lets a customer see only their own records: other ids answer 404', async () => {
    const alice = await api.newCustomerWithAccount('EUR', 10_000);
    const bob = await api.newCustomerWithAccount('EUR', 10_000);
    expect((await api.call('GET', `/v1/accounts/${alice.accountId}`, alice.token)).statusCode).toBe(200);
    for (const url of [`/v1/accounts/${alice.accountId}`, `/v1/accounts/${alice.accountId}/transactions`]) {
      const response = await api.call('GET', url, bob.token);
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(`Account ${alice.accountId} was not found.`);
    }
    const missing = await api.call('GET', '/v1/accounts/00000000-0000-4000-8000-000000000000', bob.token);
    expect(missing.json().detail).toBe('Account 00000000-0000-4000-8000-000000000000 was not found.');
    const list = await api.call('GET', '/v1/accounts', bob.token);
    expect(list.json().data.map((a: { id: string }) => a.id)).toEqual([bob.accountId]);
    const steal = await api.call('POST', '/v1/transfers', bob.token, {
      fromAccountId: alice.accountId, toAccountId: bob.accountId, amount: 100, currency: 'EUR', reference: 'mine now',
    }, { 'idempotency-key': 'steal-1' });
    expect(steal.statusCode).toBe(404);
    expect((await api.call('GET', `/v1/accounts/${alice.accountId}`, api.staff)).json().balance).toBe(10_000);
  });

  it('lets staff see any customer account', async () => {
    const { accountId } = await api.newCustomerWithAccount();
    expect((await api.call('GET', `/v1/accounts/${accountId}`, api.staff)).statusCode).toBe(200);
  });

  it('verifies a token signed with the local key like any other', () => {
    const token = signJwt(api.keys, { sub: 'x' });
    expect(token.split('.')).toHaveLength(3);
  });
});
