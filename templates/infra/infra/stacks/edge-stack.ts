import { Stack, StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface EdgeStackProps extends StackProps {
  readonly api: apigw.RestApi;
  /** ARN of the CLOUDFRONT-scope web ACL from the us-east-1 firewall stack. */
  readonly webAclArn: string;
  /** The us-east-1 certificate for the API's DNS name. */
  readonly certificate: acm.ICertificate;
  readonly apiDomainName: string;
  readonly accessLogs: s3.IBucket;
  /** Protect the distribution with Shield Advanced (needs the paid subscription). */
  readonly shieldAdvanced: boolean;
}

/** SKELETON (to be completed): CloudFront in front of the API. */
export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: { origin: new origins.RestApiOrigin(props.api) },
      webAclId: props.webAclArn,
    });
  }
}
