import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** SKELETON (to be completed): the CloudFront web ACL; CLOUDFRONT-scope ACLs exist only in us-east-1. */
export interface EdgeFirewallStackProps extends StackProps {
  /** The public API's DNS name: CloudFront's certificate (which must live in us-east-1) is for it. */
  readonly apiDomainName: string;
}

export class EdgeFirewallStack extends Stack {
  readonly webAclArn: string;
  readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    this.certificate = new acm.Certificate(this, 'Certificate', { domainName: props.apiDomainName, validation: acm.CertificateValidation.fromDns() });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
    });
    this.webAclArn = webAcl.attrArn;
  }
}
