import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfraApp, InfraApp } from '../infra/app';
import { compliancePacks } from '../infra/nag';

describe('infrastructure', () => {
  let outdir: string;
  let infra: InfraApp;
  let data: Template;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    infra = createInfraApp(outdir);
    data = Template.fromStack(infra.data);
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes offline with every compliance pack clean', () => {
    // synth() runs the cdk-nag validation plugins and throws on any finding.
    const assembly = infra.app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName)).toContain(infra.data.stackName);
  });

  it.each(['AwsSolutions'])('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName);
    expect(pack).toBeDefined();
    const report = pack!.validateScope(infra.data);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('rotates the customer-managed data key', () => {
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('encrypts documents with the data key, versions them and blocks public access', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
    });
  });

  it('refuses plain HTTP to every bucket', () => {
    const policies = data.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('keeps data when the stack is deleted', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket']) {
      for (const resource of Object.values(data.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
  });
});
