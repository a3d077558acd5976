import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, SETTINGS, synthesisContext } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { EDGE_RATE_LIMIT } from '../../infra/stacks/edge-firewall-stack';
import { EEA_COUNTRIES, EdgeStack } from '../../infra/stacks/edge-stack';
import { buildInfra } from '../support/infra';

/** Managed policy ids of CloudFront (fixed by AWS). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** An edge stack on its own, in front of a minimal API, to try the options the default settings leave off. */
function standaloneEdge(shieldAdvanced: boolean): Template {
  const app = new App({ context: synthesisContext() });
  const upstream = new Stack(app, 'Upstream', { env: ENVIRONMENT });
  const api = new apigw.RestApi(upstream, 'Api');
  api.root.addMethod('GET', new apigw.MockIntegration());
  const edge = new EdgeStack(app, 'Edge', {
    env: ENVIRONMENT,
    api,
    webAclArn: `arn:aws:wafv2:us-east-1:${ENVIRONMENT.account}:global/webacl/edge/00000000-0000-0000-0000-000000000000`,
    certificate: acm.Certificate.fromCertificateArn(upstream, 'Certificate',
      `arn:aws:acm:us-east-1:${ENVIRONMENT.account}:certificate/00000000-0000-0000-0000-000000000000`),
    apiDomainName: SETTINGS.apiDomainName,
    accessLogs: new s3.Bucket(upstream, 'AccessLogs'),
    shieldAdvanced,
  });
  return Template.fromStack(edge);
}

let infra: ReturnType<typeof buildInfra>;

beforeAll(() => {
  infra = buildInfra();
});

afterAll(() => infra.dispose());

describe('edge firewall stack (us-east-1)', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(infra.edgeFirewall);
  });

  it('lives in us-east-1, where CloudFront takes web ACLs and certificates from', () => {
    expect(infra.edgeFirewall.region).toBe('us-east-1');
  });

  it('has a CLOUDFRONT web ACL with a per-IP rate limit and the AWS managed rule groups', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: EDGE_RATE_LIMIT, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        }),
        ...['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((name) => Match.objectLike({
          OverrideAction: { None: {} },
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
        })),
      ]),
    });
  });

  it('logs the web ACL to a KMS-encrypted aws-waf-logs-* group, credentials redacted', () => {
    const key = template.getResourceId('AWS::KMS::Key');
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant' }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' } }),
        ]),
      },
    });
    const logGroup = template.getResourceId('AWS::Logs::LogGroup');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
        KmsKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [template.getResourceId('AWS::WAFv2::WebACL'), 'Arn'] },
      LogDestinationConfigs: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logGroup }])]) })],
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }]),
    });
  });

  it('has the DNS-validated certificate for the API name', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: SETTINGS.apiDomainName, ValidationMethod: 'DNS' });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.edgeFirewall).violations).toEqual([]);
  });
});

describe('edge stack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(infra.edge);
  });

  it('serves the API name with its certificate, TLS 1.2 (2021 policy) and SNI, behind the edge web ACL', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [SETTINGS.apiDomainName],
        WebACLId: Match.anyValue(),
        ViewerCertificate: { AcmCertificateArn: Match.anyValue(), MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('redirects viewers to HTTPS, caches nothing and forwards all viewer headers but Host (Authorization included)', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        }),
      }),
    });
  });

  it('reaches the API over HTTPS only, TLS 1.2', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } })],
      }),
    });
  });

  it('serves viewers in the EEA only', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: Match.arrayWith([...EEA_COUNTRIES]) } },
      }),
    });
  });

  it('writes access logs to its own encrypted, versioned, private log bucket, which logs its own access', () => {
    const bucket = template.getResourceId('AWS::S3::Bucket');
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: { Bucket: { 'Fn::GetAtt': [bucket, 'RegionalDomainName'] }, IncludeCookies: false, Prefix: 'cloudfront/' },
      }),
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'cloudfront-logs/' },
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('has no Shield Advanced protection unless the bank subscribes', () => {
    template.resourceCountIs('AWS::Shield::Protection', 0);
  });

  it('protects the distribution with Shield Advanced when enabled', () => {
    const standalone = standaloneEdge(true);
    standalone.resourceCountIs('AWS::Shield::Protection', 1);
    standalone.hasResourceProperties('AWS::Shield::Protection', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: standalone.getResourceId('AWS::CloudFront::Distribution') }])]) }),
    });
    standaloneEdge(false).resourceCountIs('AWS::Shield::Protection', 0);
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.edge).violations).toEqual([]);
  });
});
