import { Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface ApiStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly listener: elbv2.IApplicationListener;
  /** The regional web ACL (created with the load balancer) the API stage is associated with. */
  readonly webAclArn: string;
  /** The public API's DNS name; the load balancer answers as `internal.<name>`. */
  readonly apiDomainName: string;
  /** Issuer of staff tokens (Entra ID), federated into the user pool. */
  readonly staffOidcIssuer: string;
}

/** SKELETON (to be completed): API Gateway with a Cognito authorizer, reaching the internal load balancer. */
export class ApiStack extends Stack {
  readonly restApi: apigw.RestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.restApi = new apigw.RestApi(this, 'Api', { endpointTypes: [apigw.EndpointType.REGIONAL] });
    this.restApi.root.addMethod('GET', new apigw.MockIntegration());
  }
}
