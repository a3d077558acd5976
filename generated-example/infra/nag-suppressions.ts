import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { InfraApp } from './app';

/**
 * Every acknowledged finding, in one reviewed file: cdk-nag's (AwsSolutions, PCI DSS 3.2.1,
 * NIST 800-53 R5) and cfn-guard's Control Tower rules. Each names the rule, the exact
 * resource it applies to, and the compensating control that makes accepting it safe.
 * Rule ids take the form `<pack>::<rule>[<finding>]`, as the validation report prints them.
 * One function per stack, in the order the stacks are built.
 */
export function acknowledgeFindings(infra: Omit<InfraApp, 'app'>): void {
  acknowledgeNetwork(infra);
  acknowledgeData(infra);
  acknowledgeDeployAccess(infra);
  acknowledgeService(infra);
  acknowledgeApi(infra);
  acknowledgeEdge(infra);
  acknowledgeGovernance(infra);
}

const PACKS = ['PCI.DSS.321', 'NIST.800.53.R5'] as const;

// ---- network ----------------------------------------------------------------------------
function acknowledgeNetwork(_infra: Omit<InfraApp, 'app'>): void {
}

// ---- data -------------------------------------------------------------------------------
function acknowledgeData({ data }: Omit<InfraApp, 'app'>): void {
  const { accessLogs, documents } = data;

  acknowledge(accessLogs, 'AwsSolutions-S1',
    'This is the access-log target bucket itself; logging it into itself would loop. CloudTrail S3 data events record access to it.');

  for (const pack of PACKS) {
    acknowledge(accessLogs, `${pack}::${pack}-S3DefaultEncryptionKMS`,
      'S3 server access log delivery cannot write to SSE-KMS buckets; the bucket uses SSE-S3, blocks public access and denies non-TLS requests.');
    for (const bucket of [accessLogs, documents]) {
      acknowledge(bucket, `${pack}::${pack}-S3BucketReplicationEnabled`,
        'Cross-region replication would copy personal data out of the home region (GDPR data residency). Versioning, retention on delete and AWS Backup restore points provide recovery.');
    }
  }
}

// ---- deploy access ----------------------------------------------------------------------
function acknowledgeDeployAccess(_infra: Omit<InfraApp, 'app'>): void {
}

// ---- service ----------------------------------------------------------------------------
function acknowledgeService(_infra: Omit<InfraApp, 'app'>): void {
}

// ---- api --------------------------------------------------------------------------------
function acknowledgeApi(_infra: Omit<InfraApp, 'app'>): void {
}

// ---- edge (both stacks) -----------------------------------------------------------------
function acknowledgeEdge(_infra: Omit<InfraApp, 'app'>): void {
}

// ---- governance -------------------------------------------------------------------------
function acknowledgeGovernance(_infra: Omit<InfraApp, 'app'>): void {
}

function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
