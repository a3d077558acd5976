import { ArnFormat, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { LOG_RETENTION, restrictGrantsToAwsServices } from '../controls';

export interface EdgeFirewallStackProps extends StackProps {
  /** The public API's DNS name: CloudFront's certificate (which must live in us-east-1) is for it. */
  readonly apiDomainName: string;
}

/** Requests one client IP may send in any five minutes before the edge blocks it. */
export const EDGE_RATE_LIMIT = 1000;

/**
 * What CloudFront needs from us-east-1: the CLOUDFRONT-scope web ACL (AWS managed rules for
 * common exploits, known bad inputs and SQL injection, plus a per-IP rate limit), its logs, and
 * the certificate for the API's name.
 */
export class EdgeFirewallStack extends Stack {
  readonly webAclArn: string;
  readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    this.certificate = new acm.Certificate(this, 'Certificate', { domainName: props.apiDomainName, validation: acm.CertificateValidation.fromDns() });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.stackName,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: EDGE_RATE_LIMIT, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge-rate-limit', sampledRequestsEnabled: true },
        },
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 1),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managedRuleGroup('AWSManagedRulesSQLiRuleSet', 3),
      ],
    });
    this.webAclArn = webAcl.attrArn;
    this.logRequests(webAcl);
  }

  /**
   * WAF logs go to a log group (WAF requires the `aws-waf-logs-` prefix) encrypted with a key of
   * this region; credentials and session cookies are redacted before they are written.
   */
  private logRequests(webAcl: wafv2.CfnWebACL): void {
    const key = new kms.Key(this, 'LogsKey', {
      description: 'Encrypts the edge web ACL logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(key);
    const logGroupName = `aws-waf-logs-${this.stackName}`;
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }));
    const logGroup = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName,
      encryptionKey: key,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}

function managedRuleGroup(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `edge-${name}`, sampledRequestsEnabled: true },
  };
}
