import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

describe('identity stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let template: Template;

  beforeAll(() => {
    infra = buildInfra();
    template = Template.fromStack(infra.identity);
  });

  afterAll(() => infra.dispose());

  describe('customer user pool', () => {
    it('requires TOTP MFA, enforces threat protection on the Plus plan and keeps sign-up with the bank', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        DeletionProtection: 'ACTIVE',
      });
    });

    it('has a strong password policy', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Policies: {
          PasswordPolicy: {
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 1,
            PasswordHistorySize: 12,
          },
        },
      });
    });

    it('is retained when the stack is deleted', () => {
      template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('federates staff from the configured OIDC issuer, with the client credentials read from Secrets Manager', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
        ProviderType: 'OIDC',
        ProviderDetails: Match.objectLike({
          oidc_issuer: SETTINGS.staffOidcIssuer,
          client_id: `{{resolve:secretsmanager:${infra.identity.staffOidcSecretName}:SecretString:clientId::}}`,
          client_secret: `{{resolve:secretsmanager:${infra.identity.staffOidcSecretName}:SecretString:clientSecret::}}`,
          authorize_scopes: 'openid email profile',
        }),
      });
    });

    it('has one public app client: no secret, SRP and the code grant only, short-lived revocable tokens', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AccessTokenValidity: 15,
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
        SupportedIdentityProviders: Match.arrayWith(['COGNITO']),
      });
    });
  });

  it('gives the service the pool and client whose tokens it must verify', () => {
    const service = JSON.stringify(Template.fromStack(infra.service).findResources('AWS::ECS::TaskDefinition'));
    expect(service).toContain('COGNITO_USER_POOL_ID');
    expect(service).toContain('COGNITO_CLIENT_ID');
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.identity).violations).toEqual([]);
  });
});
