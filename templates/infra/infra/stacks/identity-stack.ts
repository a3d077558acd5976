import { Duration, RemovalPolicy, SecretValue, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

export interface IdentityStackProps extends StackProps {
  /** Issuer of staff tokens (Entra ID), federated into the user pool. */
  readonly staffOidcIssuer: string;
}

/**
 * Who may call the API: the Cognito user pool customers sign in to (MFA required, threat
 * protection on), staff federation from Entra ID, and the app client. Its own stack, deployed
 * before the service, so the service's tasks are configured with the pool and client ids and
 * the API's authorizer can use the pool.
 */
export class IdentityStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /**
   * Secrets Manager secret (created by the identity team before the first deploy, JSON with
   * `clientId` and `clientSecret` of the Entra ID app registration) that staff federation reads.
   */
  readonly staffOidcSecretName: string;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    this.staffOidcSecretName = `${this.stackName}/staff-oidc`;
    this.userPool = this.customerPool();
    const staffProvider = this.staffFederation(props.staffOidcIssuer);
    this.userPoolClient = this.appClient(staffProvider);
  }

  /** Customers are onboarded by the bank (no self sign-up), sign in with TOTP MFA, under Cognito threat protection. */
  private customerPool(): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'Customers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
        passwordHistorySize: 12,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Federated sign-in (staff) goes through the managed login pages on this domain.
    pool.addDomain('Domain', { cognitoDomain: { domainPrefix: `${this.stackName}-${this.account}` } });
    return pool;
  }

  /**
   * Staff sign in with their Entra ID accounts (their MFA and conditional access apply there).
   * The client id and secret are read at deploy time through a Secrets Manager dynamic reference,
   * so they never appear in the template. The secret is referenced by name, not created here: its
   * value comes from the Entra ID app registration, and CloudFormation resolves the reference when
   * it creates the provider, so the secret must hold the real value before the first deploy.
   */
  private staffFederation(issuerUrl: string): cognito.UserPoolIdentityProviderOidc {
    const fromSecret = (jsonField: string) => SecretValue.secretsManager(this.staffOidcSecretName, { jsonField }).unsafeUnwrap();
    const provider = new cognito.UserPoolIdentityProviderOidc(this, 'StaffEntraId', {
      userPool: this.userPool,
      name: 'EntraID',
      issuerUrl,
      clientId: fromSecret('clientId'),
      clientSecret: fromSecret('clientSecret'),
      scopes: ['openid', 'email', 'profile'],
      attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
      attributeMapping: { email: cognito.ProviderAttribute.other('email') },
    });
    this.userPool.registerIdentityProvider(provider);
    return provider;
  }

  /**
   * One public client for the mobile app and single-page app: no client secret (it could not be
   * kept secret on a device), SRP sign-in and the authorization code grant (with PKCE) only,
   * short-lived tokens, revocation on, and no hint whether a user exists. Redirects go to a
   * loopback listener (RFC 8252 native-app pattern); add the web front end's URL when one exists.
   */
  private appClient(staffProvider: cognito.UserPoolIdentityProviderOidc): cognito.UserPoolClient {
    const client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, cognito.OAuthScope.COGNITO_ADMIN],
        callbackUrls: ['http://localhost:8765/callback'],
        logoutUrls: ['http://localhost:8765/signed-out'],
      },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        cognito.UserPoolClientIdentityProvider.custom(staffProvider.providerName),
      ],
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    client.node.addDependency(staffProvider);
    return client;
  }
}
