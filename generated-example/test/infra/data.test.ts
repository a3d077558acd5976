import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, synthesisContext } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

/** The zones of the home region, as committed in cdk.context.json. */
const ZONES = synthesisContext()[`availability-zones:account=${ENVIRONMENT.account}:region=${ENVIRONMENT.region}`] as string[];

describe('data stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let data: Template;
  let network: Template;
  let cluster: Resource;
  let dataKeyArn: unknown;

  /** The network stack's value behind a cross-stack reference (Fn::GetStackOutput) in the data stack. */
  const fromNetwork = (value: unknown): unknown => {
    const { OutputName } = (value as { 'Fn::GetStackOutput': { OutputName: string } })['Fn::GetStackOutput'];
    return (network.toJSON().Outputs as Record<string, { Value: unknown }>)[OutputName].Value;
  };
  /** The network stack's subnets of one type, as references. */
  const subnetRefs = (type: string) => Object.entries(network.findResources('AWS::EC2::Subnet'))
    .filter(([, subnet]) => subnet.Properties.Tags.some((tag: { Key: string; Value: string }) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === type))
    .map(([id]) => ({ Ref: id }));
  const only = (type: string): Resource => {
    const resources = Object.values(data.findResources(type)) as Resource[];
    expect(resources).toHaveLength(1);
    return resources[0];
  };

  beforeAll(() => {
    infra = buildInfra();
    data = Template.fromStack(infra.data);
    network = Template.fromStack(infra.network);
    cluster = only('AWS::RDS::DBCluster');
    dataKeyArn = { 'Fn::GetAtt': [data.getResourceId('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('service data') } }), 'Arn'] };
  });

  afterAll(() => infra.dispose());

  describe('keys and documents', () => {
    it('rotates the customer-managed data key and lets only AWS services create grants on it', () => {
      const key = only('AWS::KMS::Key');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }));
    });

    it('encrypts documents with the data key, versions them and blocks public access', () => {
      data.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKeyArn } }),
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
        ObjectLockEnabled: true,
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      });
    });

    it('archives documents to Glacier after a year and superseded versions after 30 days', () => {
      data.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
        LifecycleConfiguration: {
          Rules: [Match.objectLike({
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 365 }],
            NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
          })],
        },
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

    it('keeps keys, buckets, the database log group, the credentials and the backup vault when the stack is deleted', () => {
      for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::SecretsManager::Secret', 'AWS::Backup::BackupVault']) {
        const resources = Object.values(data.findResources(type));
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) {
          expect(resource.DeletionPolicy).toBe('Retain');
        }
      }
    });
  });

  describe('Aurora PostgreSQL', () => {
    it('is Aurora PostgreSQL Serverless v2, encrypted with the data key', () => {
      expect(cluster.Properties).toMatchObject({
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        KmsKeyId: dataKeyArn,
        ServerlessV2ScalingConfiguration: { MinCapacity: expect.any(Number), MaxCapacity: expect.any(Number) },
        Port: 5432,
      });
    });

    it('lives in the isolated subnets of all three zones', () => {
      const subnetGroup = only('AWS::RDS::DBSubnetGroup');
      expect(cluster.Properties.DBSubnetGroupName).toEqual({ Ref: data.getResourceId('AWS::RDS::DBSubnetGroup') });
      expect(subnetGroup.Properties.SubnetIds.map(fromNetwork)).toEqual(subnetRefs('Isolated'));
      expect(subnetRefs('Isolated')).toHaveLength(3);
    });

    it('has a writer and a reader in different zones, neither publicly accessible', () => {
      const instances = Object.values(data.findResources('AWS::RDS::DBInstance')) as Resource[];
      expect(instances).toHaveLength(2);
      const zones = instances.map((instance) => instance.Properties.AvailabilityZone);
      expect(new Set(zones).size).toBe(2);
      expect(ZONES).toEqual(expect.arrayContaining(zones));
      for (const instance of instances) {
        expect(instance.Properties).toMatchObject({
          DBInstanceClass: 'db.serverless',
          DBClusterIdentifier: { Ref: data.getResourceId('AWS::RDS::DBCluster') },
          PubliclyAccessible: false,
        });
      }
      // Promotion tier 0 is the writer; the reader follows it and scales with it.
      expect(instances.map((instance) => instance.Properties.PromotionTier).sort()).toEqual([0, 1]);
    });

    it('authenticates with IAM, refuses deletion and keeps point-in-time recovery for 35 days', () => {
      expect(cluster.Properties).toMatchObject({
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
      });
      expect(cluster.Properties.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
      expect(cluster.Properties.BackupRetentionPeriod).toBe(35);
      expect(cluster.DeletionPolicy).toBe('Snapshot');
    });

    it('exports the PostgreSQL log to its own log group, encrypted with the logs key and kept a year, without a retention Lambda', () => {
      expect(cluster.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql']);
      const logGroup = only('AWS::Logs::LogGroup');
      expect(logGroup.Properties.LogGroupName).toBe(`/aws/rds/cluster/${cluster.Properties.DBClusterIdentifier}/postgresql`);
      expect(logGroup.Properties.RetentionInDays).toBe(365);
      expect(fromNetwork(logGroup.Properties.KmsKeyId)).toEqual({ 'Fn::GetAtt': [network.getResourceId('AWS::KMS::Key'), 'Arn'] });
      data.resourceCountIs('Custom::LogRetention', 0);
      // Created before the cluster, so RDS writes into it instead of creating an unencrypted one.
      const clusterResource = data.findResources('AWS::RDS::DBCluster')[data.getResourceId('AWS::RDS::DBCluster')];
      expect(clusterResource.DependsOn).toContain(data.getResourceId('AWS::Logs::LogGroup'));
    });

    it('has enhanced monitoring and Performance Insights encrypted with the data key on both instances', () => {
      for (const instance of Object.values(data.findResources('AWS::RDS::DBInstance'))) {
        expect(instance.Properties).toMatchObject({
          MonitoringInterval: 60,
          MonitoringRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/MonitoringRole/), 'Arn'] },
          EnablePerformanceInsights: true,
          PerformanceInsightsKMSKeyId: dataKeyArn,
        });
      }
    });

    it('keeps the generated credentials in Secrets Manager, encrypted with the data key and rotated every 30 days from the private subnets', () => {
      const secret = only('AWS::SecretsManager::Secret');
      expect(secret.Properties.KmsKeyId).toEqual(dataKeyArn);
      expect(cluster.Properties.MasterUserPassword).toEqual({
        'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: data.getResourceId('AWS::SecretsManager::Secret') }, ':SecretString:password::}}']],
      });
      data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: data.getResourceId('AWS::SecretsManager::SecretTargetAttachment') },
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      const rotation = only('AWS::Serverless::Application');
      const [, [first, , second, , third]] = rotation.Properties.Parameters.vpcSubnetIds['Fn::Join'];
      expect([first, second, third].map(fromNetwork)).toEqual(subnetRefs('Private'));
    });

    it('admits nothing by default: every rule into the database comes from a security group on its port, and it sends nothing out', () => {
      const groupId = data.getResourceId('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Aurora') } });
      const group = data.findResources('AWS::EC2::SecurityGroup')[groupId];
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
      expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
      const rules = Object.values(data.findResources('AWS::EC2::SecurityGroupIngress'))
        .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] }));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: expect.anything() });
        expect(rule.Properties.CidrIp).toBeUndefined();
      }
    });

    it('is in an AWS Backup plan whose vault is encrypted with the data key and locked', () => {
      data.hasResourceProperties('AWS::Backup::BackupVault', {
        EncryptionKeyArn: dataKeyArn,
        LockConfiguration: { MinRetentionDays: 35 },
      });
      data.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({
          Resources: [{ 'Fn::Join': ['', [Match.stringLikeRegexp(':rds:.*:cluster:$'), { Ref: data.getResourceId('AWS::RDS::DBCluster') }]] }],
        }),
      });
      data.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: Match.objectLike({
          BackupPlanRule: [
            Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 35 } }),
            Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 365 } }),
          ],
        }),
      });
    });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.data).violations).toEqual([]);
  });
});
