import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from '../controls';

export interface ApiStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly listener: elbv2.IApplicationListener;
  /** The regional web ACL (created with the load balancer) the API stage is associated with. */
  readonly webAclArn: string;
  /** The public API's DNS name; the load balancer answers as `internal.<name>`. */
  readonly apiDomainName: string;
  /** The user pool whose access tokens the authorizer accepts (identity stack). */
  readonly userPool: cognito.IUserPool;
}

/**
 * The API's front door: a regional REST API whose every method requires a Cognito access token,
 * reaching the internal load balancer over a VPC link (no public path to the service), with
 * access and execution logs, tracing, throttling and the regional web ACL on the stage.
 */
export class ApiStack extends Stack {
  readonly restApi: apigw.RestApi;
  /** The stage's access log (JSON, KMS-encrypted). */
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.restApi = this.api(props);
  }

  private api(props: ApiStackProps): apigw.RestApi {
    // Identifies API Gateway to the backend (APIGWSSLEnabled): the load balancer can require it.
    const backendCertificate = new apigw.CfnClientCertificate(this, 'BackendClientCertificate', {
      description: 'API Gateway client certificate presented to the internal load balancer',
    });
    const api = new apigw.RestApi(this, 'Api', {
      restApiName: this.stackName,
      description: 'Bank service API: Cognito-authorized, proxied to the internal load balancer over a VPC link',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // The account-level role API Gateway writes execution logs with (the feature flag leaves it off by default).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Request/response bodies carry personal and payment data: never write them to logs.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        clientCertificateId: backendCertificate.ref,
      },
    });

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'CustomerAuthorizer', {
      cognitoUserPools: [props.userPool],
      authorizerName: 'cognito',
    });
    const validator = new apigw.RequestValidator(this, 'RequestValidator', {
      restApi: api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    // Every route, under one authorized proxy method: API Gateway rejects requests without a
    // valid access token of this pool before they reach the VPC. The scope makes the authorizer
    // accept access tokens (which the service verifies as well), not ID tokens.
    const method = api.root.addResource('{proxy+}').addMethod('ANY', this.loadBalancerIntegration(props), {
      authorizer,
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizationScopes: [cognito.OAuthScope.COGNITO_ADMIN.scopeName],
      requestValidator: validator,
      requestParameters: { 'method.request.path.proxy': true },
    });
    this.throughVpcLink(api, method, props);

    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: api.deploymentStage.stageArn,
      webAclArn: props.webAclArn,
    });
    return api;
  }

  /** HTTPS to the load balancer's own name, so API Gateway can verify its certificate. */
  private loadBalancerIntegration(props: ApiStackProps): apigw.Integration {
    return new apigw.HttpIntegration(`https://internal.${props.apiDomainName}/{proxy}`, {
      httpMethod: 'ANY',
      proxy: true,
      options: {
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        timeout: Duration.seconds(29),
      },
    });
  }

  /**
   * Routes the integration through a VPC link v2 straight to the internal load balancer's
   * listener. The L2 integration only knows VPC links v1 (NLB), hence the property overrides.
   * The link's security group may only reach the load balancer, on 443.
   */
  private throughVpcLink(api: apigw.RestApi, method: apigw.Method, props: ApiStackProps): void {
    const linkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpc: props.vpc,
      description: 'API Gateway VPC link to the internal load balancer',
      allowAllOutbound: false,
    });
    // allowTo (not loadBalancer.connections.allowFrom) keeps both rules in this stack, so the
    // service stack does not depend on this one.
    linkSecurityGroup.connections.allowTo(props.loadBalancer, ec2.Port.tcp(443), 'API Gateway VPC link to the load balancer');
    const link = new apigwv2.VpcLink(this, 'VpcLink', {
      vpc: props.vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [linkSecurityGroup],
    });
    const cfnMethod = method.node.defaultChild as apigw.CfnMethod;
    cfnMethod.addPropertyOverride('Integration.ConnectionType', 'VPC_LINK');
    cfnMethod.addPropertyOverride('Integration.ConnectionId', link.vpcLinkId);
    cfnMethod.addPropertyOverride('Integration.IntegrationTarget', props.listener.listenerArn);
    // The overrides are not part of the deployment's hash: name the routing so a change redeploys.
    api.latestDeployment?.addToLogicalId({ integration: 'vpc-link-v2', target: 'internal-load-balancer-listener' });
  }
}
