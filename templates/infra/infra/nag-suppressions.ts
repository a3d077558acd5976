import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DataStack } from './stacks/data-stack';

/**
 * Every acknowledged cdk-nag finding, in one reviewed file. Each names the rule, the exact
 * resource it applies to, and the compensating control that makes accepting it safe.
 * Rule ids take the form `<pack>::<rule>` for the PCI DSS and NIST packs, as cdk-nag's
 * findings print them.
 */
export function acknowledgeFindings(stacks: { data: DataStack }): void {
  const { accessLogs, documents } = stacks.data;

  acknowledge(accessLogs, 'AwsSolutions-S1',
    'This is the access-log target bucket itself; logging it into itself would loop. CloudTrail S3 data events record access to it.');

  for (const pack of ['PCI.DSS.321', 'NIST.800.53.R5']) {
    acknowledge(accessLogs, `${pack}::${pack}-S3DefaultEncryptionKMS`,
      'S3 server access log delivery cannot write to SSE-KMS buckets; the bucket uses SSE-S3, blocks public access and denies non-TLS requests.');
    for (const bucket of [accessLogs, documents]) {
      acknowledge(bucket, `${pack}::${pack}-S3BucketReplicationEnabled`,
        'Cross-region replication would copy personal data out of the home region (GDPR data residency). Versioning, retention on delete and AWS Backup restore points provide recovery.');
    }
  }
}

function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
