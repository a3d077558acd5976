import { createSign, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { AuthConfig, cognitoIssuer, Jwks } from '../../src/auth/verifier';

/**
 * A local signing key and its JWKS: what local development and tests use instead of Cognito
 * and the staff identity provider. Tokens signed here pass the same verification as real ones
 * once the service is given this JWKS (`JWKS_FILE`); nothing in the service skips a check.
 */
export interface LocalKeys {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwks: Jwks;
}

export function generateLocalKeys(): LocalKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

/** Signs `claims` as an RS256 JWT. */
export function signJwt(keys: Pick<LocalKeys, 'kid' | 'privateKey'>, claims: Record<string, unknown>): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: keys.kid })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(keys.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** A Cognito-shaped customer access token for `externalId` (the token's `sub`). */
export function customerToken(keys: LocalKeys, auth: AuthConfig, externalId: string, overrides: Record<string, unknown> = {}): string {
  return signJwt(keys, {
    sub: externalId,
    iss: cognitoIssuer(auth),
    client_id: auth.cognitoClientId,
    token_use: 'access',
    scope: 'openid',
    auth_time: now(),
    iat: now(),
    exp: now() + 3600,
    jti: randomUUID(),
    username: externalId,
    ...overrides,
  });
}

/** An OIDC staff access token carrying the staff role. */
export function staffToken(keys: LocalKeys, auth: AuthConfig, subject = 'staff-alice', overrides: Record<string, unknown> = {}): string {
  return signJwt(keys, {
    sub: subject,
    iss: auth.staffIssuer,
    aud: auth.staffAudience,
    [auth.staffRoleClaim]: [auth.staffRole],
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  });
}
