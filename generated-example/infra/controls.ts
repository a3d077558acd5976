/**
 * Controls every stack applies the same way, in one place so that a reviewer checks each once.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** How long every log group is kept: at least a year of audit history (PCI DSS 10.7). */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * Lets only AWS services create grants on the key, for the resources they encrypt with it
 * (Control Tower CT.KMS.PR.3): no principal can hand itself or others lasting access by a grant.
 */
export function restrictGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}

/**
 * Object events go to EventBridge (Control Tower CT.S3.PR.4), so detective controls can match
 * writes and deletions. Set on the L1: the L2's `eventBridgeEnabled` adds a custom-resource Lambda.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
