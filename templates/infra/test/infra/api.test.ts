import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

describe('API stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let template: Template;

  beforeAll(() => {
    infra = buildInfra();
    template = Template.fromStack(infra.api);
  });

  afterAll(() => infra.dispose());

  describe('REST API', () => {
    it('is regional', () => {
      template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    });

    it('puts the Cognito authorizer (access tokens) on every method but CORS preflights', () => {
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Type: 'COGNITO_USER_POOLS',
        IdentitySource: 'method.request.header.Authorization',
      });
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod !== 'OPTIONS');
      expect(methods.length).toBeGreaterThan(0);
      for (const method of methods) {
        expect(method.Properties.AuthorizationType).toBe('COGNITO_USER_POOLS');
        expect(method.Properties.AuthorizerId).toBeDefined();
        expect(method.Properties.AuthorizationScopes).toEqual(['aws.cognito.signin.user.admin']);
      }
    });

    it('proxies every path to the internal load balancer through a VPC link v2', () => {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'ANY',
        RequestValidatorId: Match.anyValue(),
        Integration: Match.objectLike({
          Type: 'HTTP_PROXY',
          ConnectionType: 'VPC_LINK',
          ConnectionId: Match.anyValue(),
          IntegrationTarget: Match.anyValue(),
          Uri: `https://internal.${SETTINGS.apiDomainName}/{proxy}`,
        }),
      });
      template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    });

    it('lets the VPC link reach the load balancer on 443 only', () => {
      const link = Object.values(template.findResources('AWS::ApiGatewayV2::VpcLink'))[0];
      const [linkGroupRef] = link.Properties.SecurityGroupIds as Array<{ 'Fn::GetAtt': [string, string] }>;
      const linkGroup = linkGroupRef['Fn::GetAtt'][0];
      const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).filter((r) => r.Properties.GroupId['Fn::GetAtt']?.[0] === linkGroup);
      expect(egress.map((r) => [r.Properties.IpProtocol, r.Properties.FromPort, r.Properties.ToPort])).toEqual([['tcp', 443, 443]]);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: { 'Fn::GetAtt': [linkGroup, 'GroupId'] },
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'API Gateway VPC link to the internal load balancer',
        SecurityGroupEgress: Match.absent(),
      });
    });

    it('validates request bodies and parameters', () => {
      template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    });
  });

  describe('stage', () => {
    it('writes JSON access logs to a KMS-encrypted log group kept for a year', () => {
      const logGroup = template.getResourceId('AWS::Logs::LogGroup', { Properties: { KmsKeyId: Match.anyValue() } });
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        AccessLogSetting: {
          DestinationArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logGroup }])]) }),
          Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
        },
      });
    });

    it('logs errors without request data, traces with X-Ray and throttles', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        TracingEnabled: true,
        ClientCertificateId: Match.anyValue(),
        MethodSettings: [
          Match.objectLike({
            HttpMethod: '*',
            ResourcePath: '/*',
            LoggingLevel: 'ERROR',
            DataTraceEnabled: false,
            ThrottlingRateLimit: 100,
            ThrottlingBurstLimit: 200,
          }),
        ],
      });
    });

    it('never caches responses', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: Match.absent() });
    });

    it('has the account-level CloudWatch role API Gateway logs with', () => {
      template.resourceCountIs('AWS::ApiGateway::Account', 1);
    });

    it('is associated with the regional web ACL', () => {
      const stage = template.getResourceId('AWS::ApiGateway::Stage');
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        ResourceArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: stage }])]) }),
        WebACLArn: Match.anyValue(),
      });
    });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.api).violations).toEqual([]);
  });
});
