import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, SETTINGS } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { IMAGES_KEPT } from '../../infra/stacks/deploy-access-stack';
import { buildInfra } from '../support/infra';

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
type Resource = { Properties: Record<string, unknown> };

describe('deploy access stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let template: Template;
  let trust: Statement[];

  beforeAll(() => {
    infra = buildInfra();
    template = Template.fromStack(infra.deployAccess);
    const role = template.toJSON().Resources[infra.deployAccess.getLogicalId(infra.deployAccess.deployRole.node.defaultChild as never)] as Resource;
    trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
  });

  afterAll(() => infra.dispose());

  describe('image registry', () => {
    it('keeps tags immutable, scans on push and encrypts with a rotating key of this stack', () => {
      const key = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }))[0];
      expect(key).toBeDefined();
      template.hasResourceProperties('AWS::ECR::Repository', {
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [key, 'Arn'] } },
      });
      template.hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Retain' });
    });

    it('keeps the last images and expires the rest', () => {
      const [[, repository]] = Object.entries(template.findResources('AWS::ECR::Repository') as Record<string, Resource>);
      const policy = JSON.parse((repository.Properties.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText) as {
        rules: Array<{ selection: { tagStatus: string; countType: string; countNumber: number } }>;
      };
      expect(policy.rules).toContainEqual(expect.objectContaining({
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: IMAGES_KEPT },
      }));
    });

    it('lets only AWS services create grants on the key', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Deny',
            Action: 'kms:CreateGrant',
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          })]),
        },
      });
    });
  });

  describe('GitHub OIDC deploy role', () => {
    // The repository and environment the service was generated for (options githubRepository, deployEnvironment).
    const repository: string = SETTINGS.githubRepository;
    const environment: string = SETTINGS.deployEnvironment;

    it('trusts the GitHub Actions issuer, for STS only', () => {
      template.hasResourceProperties('AWS::IAM::OIDCProvider', {
        Url: 'https://token.actions.githubusercontent.com',
        ClientIdList: ['sts.amazonaws.com'],
      });
      template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
      const provider = Object.keys(template.findResources('AWS::IAM::OIDCProvider'))[0];
      expect(trust.length).toBe(2);
      for (const statement of trust) {
        expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: { Ref: provider } } });
        expect(statement.Condition!.StringEquals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
      }
    });

    it('accepts the default subject of this repository\'s deployment environment, exactly', () => {
      expect(trust).toContainEqual(expect.objectContaining({
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': `repo:${repository}:environment:${environment}`,
          },
        },
      }));
    });

    it('accepts the immutable-id subject only with this repository and environment in the validated claims', () => {
      expect(trust).toContainEqual(expect.objectContaining({
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:repository': repository,
            'token.actions.githubusercontent.com:environment': environment,
          },
          StringLike: { 'token.actions.githubusercontent.com:sub': `repository_owner_id:*:repository_id:*:environment:${environment}` },
        },
      }));
    });

    it('matches no other repository, environment, branch or pull request', () => {
      // An exact-match model of the trust conditions (StringEquals exact, StringLike with * wildcards).
      const like = (pattern: string, value: string) =>
        new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);
      const allows = (claims: Record<string, string>) => trust.some((statement) => Object.entries(statement.Condition!)
        .every(([operator, conditions]) => Object.entries(conditions).every(([key, expected]) => {
          const claim = claims[key.replace('token.actions.githubusercontent.com:', '')];
          return claim !== undefined && (operator === 'StringLike' ? like(String(expected), claim) : claim === expected);
        })));
      const token = (claimedRepository: string, claimedEnvironment: string, sub?: string) => ({
        aud: 'sts.amazonaws.com',
        repository: claimedRepository,
        environment: claimedEnvironment,
        sub: sub ?? `repo:${claimedRepository}:environment:${claimedEnvironment}`,
      });
      const ids = (claimedEnvironment: string) => `repository_owner_id:11:repository_id:22:environment:${claimedEnvironment}`;

      const [owner, name] = repository.split('/');
      const otherEnvironment = environment === 'staging' ? 'production' : 'staging';
      expect(allows(token(repository, environment))).toBe(true);
      expect(allows(token(repository, environment, ids(environment)))).toBe(true);

      expect(allows(token(`${owner}/other-service`, environment))).toBe(false);
      expect(allows(token(`someone/${name}`, environment))).toBe(false);
      expect(allows(token(repository, otherEnvironment))).toBe(false);
      expect(allows(token(repository, environment, `repo:${repository}:ref:refs/heads/main`))).toBe(false);
      expect(allows(token(repository, environment, `repo:${repository}:pull_request`))).toBe(false);
      expect(allows(token(`${owner}/other-service`, environment, ids(environment)))).toBe(false);
      expect(allows(token(repository, otherEnvironment, ids(otherEnvironment)))).toBe(false);
      expect(allows({ ...token(repository, environment), aud: `https://github.com/${owner}` })).toBe(false);
    });

    it('lasts at most an hour and has only its customer-managed policy', () => {
      const role = template.toJSON().Resources[infra.deployAccess.getLogicalId(infra.deployAccess.deployRole.node.defaultChild as never)] as Resource;
      expect(role.Properties.MaxSessionDuration).toBe(3600);
      const policy = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))[0];
      expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: policy }]);
      expect(role.Properties.Policies).toBeUndefined();
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    it('may only assume the CDK bootstrap roles (home region and us-east-1) and push to the registry', () => {
      const [[, policy]] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy') as Record<string, Resource>);
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions.every((action) => !action.includes('*'))).toBe(true);
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);

      const assume = statements.find((s) => [s.Action].flat().includes('sts:AssumeRole'))!;
      expect([assume.Action].flat().sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      const roles = (assume.Resource as unknown[]).map((arn) => infra.deployAccess.resolve(arn) as { 'Fn::Join': [string, unknown[]] })
        .map((arn) => arn['Fn::Join'][1].filter((part) => typeof part === 'string').join(''));
      const { account, region: home } = ENVIRONMENT;
      expect(roles.sort()).toEqual([home, 'us-east-1'].flatMap((region) => ['deploy', 'file-publishing', 'image-publishing', 'lookup']
        .map((purpose) => `arn::iam::${account}:role/cdk-hnb659fds-${purpose}-role-${account}-${region}`)).sort());

      const login = statements.find((s) => s.Resource === '*')!;
      expect(login.Action).toBe('ecr:GetAuthorizationToken');
      const registry = Object.keys(template.findResources('AWS::ECR::Repository'))[0];
      const push = statements.find((s) => [s.Action].flat().includes('ecr:PutImage'))!;
      expect(push.Resource).toEqual({ 'Fn::GetAtt': [registry, 'Arn'] });
      expect(statements).toHaveLength(3);
    });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.deployAccess).violations).toEqual([]);
  });
});
