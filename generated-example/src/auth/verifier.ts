import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { problems } from '../domain/problems';

/** A JSON Web Key Set, as published at an issuer's `jwks_uri`. */
export interface Jwks {
  readonly keys: ReadonlyArray<Record<string, unknown>>;
}

export interface AuthConfig {
  readonly region: string;
  /** Cognito user pool of customers, e.g. `eu-central-1_AbCdEf123`. */
  readonly cognitoUserPoolId: string;
  readonly cognitoClientId: string;
  /** OIDC issuer of staff tokens (Entra ID in production). */
  readonly staffIssuer: string;
  readonly staffAudience: string;
  /** Claim carrying staff roles (Entra ID app roles: `roles`) and the role this API requires. */
  readonly staffRoleClaim: string;
  readonly staffRole: string;
  /**
   * Keys to verify signatures with instead of fetching each issuer's published keys: local
   * development and tests sign their own tokens. Verification itself (signature, issuer,
   * audience or client, token use, expiry) is the same; there is no way to switch it off.
   */
  readonly jwks?: Jwks;
}

export interface VerifiedIdentity {
  readonly kind: 'customer' | 'staff';
  readonly subject: string;
}

export function cognitoIssuer(config: Pick<AuthConfig, 'region' | 'cognitoUserPoolId'>): string {
  return `https://cognito-idp.${config.region}.amazonaws.com/${config.cognitoUserPoolId}`;
}

/**
 * Verifies bearer tokens of both populations: Cognito access tokens of customers (with
 * aws-jwt-verify's Cognito checks: `token_use`, `client_id`, issuer, expiry, signature) and
 * OIDC access tokens of staff (issuer, audience, expiry, signature, and the staff role).
 */
export class TokenVerifier {
  private readonly customers;
  private readonly staff;
  private readonly customerIssuer: string;

  constructor(private readonly config: AuthConfig) {
    this.customerIssuer = cognitoIssuer(config);
    this.customers = CognitoJwtVerifier.create({ userPoolId: config.cognitoUserPoolId, tokenUse: 'access', clientId: config.cognitoClientId });
    this.staff = JwtRsaVerifier.create({ issuer: config.staffIssuer, audience: config.staffAudience });
    if (config.jwks) {
      this.customers.cacheJwks(config.jwks as never);
      this.staff.cacheJwks(config.jwks as never);
    }
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    const issuer = unverifiedIssuer(token);
    if (issuer === this.customerIssuer) {
      const payload = await this.customers.verify(token).catch((error: unknown) => {
        throw problems.unauthorized(`The access token was refused: ${reason(error)}.`);
      });
      return { kind: 'customer', subject: payload.sub };
    }
    if (issuer === this.config.staffIssuer) {
      const payload = await this.staff.verify(token).catch((error: unknown) => {
        throw problems.unauthorized(`The access token was refused: ${reason(error)}.`);
      });
      const roles = payload[this.config.staffRoleClaim];
      if (!Array.isArray(roles) || !roles.includes(this.config.staffRole)) {
        throw problems.forbidden(`Staff tokens need the ${this.config.staffRole} role.`);
      }
      if (typeof payload.sub !== 'string') {
        throw problems.unauthorized('The access token has no subject.');
      }
      return { kind: 'staff', subject: payload.sub };
    }
    throw problems.unauthorized('The access token comes from an issuer this service does not trust.');
  }
}

/** Reads `iss` without verifying anything, only to pick the verifier that then checks it all. */
function unverifiedIssuer(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw problems.unauthorized('The access token is not a JWT.');
  }
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf-8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    throw problems.unauthorized('The access token is not a JWT.');
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : 'invalid token';
  // aws-jwt-verify messages name the failed check; keep them short and free of token contents.
  return message.split('\n')[0].slice(0, 200);
}
