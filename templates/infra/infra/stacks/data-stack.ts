import { Duration, RemovalPolicy, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { LOG_RETENTION, restrictGrantsToAwsServices, sendEventsToEventBridge } from '../controls';

/** PostgreSQL's port, fixed so that every security group rule to the database names it literally. */
const DATABASE_PORT = 5432;

/**
 * Data protection: the customer-managed key that encrypts the service's data, the Aurora
 * PostgreSQL cluster (with its AWS Backup plan), and the documents bucket (KMS, versioned,
 * private, TLS only, access-logged, archived to Glacier).
 */
export interface DataStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
}

export class DataStack extends Stack {
  readonly dataKey: kms.Key;
  readonly database: rds.DatabaseCluster;
  readonly documents: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'Encrypts the service data: documents, database, secrets, logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.dataKey);

    // Server access logs cannot go to a KMS-encrypted bucket; S3-managed keys are the
    // strongest encryption S3 log delivery supports.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
    });

    this.documents = new s3.Bucket(this, 'Documents', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // Lets legally held documents be locked object by object; no default retention, so that
      // erasure requests (GDPR) stay possible for everything else.
      objectLockEnabled: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(365) }],
          noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(30) }],
        },
      ],
    });

    for (const bucket of [this.accessLogs, this.documents]) {
      sendEventsToEventBridge(bucket);
    }

    this.database = this.createDatabase(props);
    this.addBackupPlan();
  }

  /**
   * Aurora PostgreSQL Serverless v2 in the isolated subnets: a writer and a reader in different
   * zones, encrypted with the data key, IAM authentication, deletion protection, point-in-time
   * recovery, PostgreSQL logs in an encrypted log group, enhanced monitoring and encrypted
   * Performance Insights. The master credentials live in Secrets Manager and rotate every 30 days.
   */
  private createDatabase({ vpc, logsKey }: DataStackProps): rds.DatabaseCluster {
    const clusterIdentifier = `${this.stackName}-aurora`.toLowerCase();
    // Created here rather than by RDS so that it is KMS-encrypted and kept a year without
    // the LogRetention custom-resource Lambda `cloudwatchLogsRetention` would add.
    const postgresqlLogs = new logs.LogGroup(this, 'DatabaseLogs', {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      encryptionKey: logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No ingress until a client is granted the port (the service stack does); no egress needed.
    const securityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc,
      description: 'Aurora PostgreSQL: only the clients granted the port',
      allowAllOutbound: false,
    });
    const [writerZone, readerZone] = vpc.availabilityZones;
    const instance = (availabilityZone: string | undefined) => ({
      availabilityZone,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.dataKey,
    });

    const database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_9 }),
      clusterIdentifier,
      defaultDatabaseName: 'bank',
      port: DATABASE_PORT,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      writer: rds.ClusterInstance.serverlessV2('Writer', instance(writerZone)),
      // Same capacity as the writer, so a failover to it does not start undersized.
      readers: [rds.ClusterInstance.serverlessV2('Reader', { ...instance(readerZone), scaleWithWriter: true })],
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 16,
      storageEncryptionKey: this.dataKey,
      credentials: rds.Credentials.fromGeneratedSecret('bank_admin', { encryptionKey: this.dataKey }),
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: Duration.days(35), preferredWindow: '01:00-02:00' },
      preferredMaintenanceWindow: 'sun:03:00-sun:04:00',
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    database.node.addDependency(postgresqlLogs);
    // The credentials outlive the stack like the cluster's final snapshot does.
    (database.node.findChild('Secret') as secretsmanager.Secret).applyRemovalPolicy(RemovalPolicy.RETAIN);

    // The rotation Lambda runs in the private subnets and talks only to the database and to
    // Secrets Manager (through its VPC endpoint).
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      description: 'Secret rotation Lambda: the database and the Secrets Manager endpoint only',
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.HTTPS, 'Secrets Manager VPC endpoint');
    database.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: rotationSecurityGroup,
    });
    // The rules the rotation adds take the port from the cluster's endpoint attribute, which only
    // resolves at deploy time; the port is fixed above, so the rules state it.
    for (const rule of [...securityGroup.node.findAll(), ...rotationSecurityGroup.node.findAll()]) {
      if ((rule instanceof ec2.CfnSecurityGroupIngress || rule instanceof ec2.CfnSecurityGroupEgress) && Token.isUnresolved(rule.fromPort)) {
        rule.fromPort = DATABASE_PORT;
        rule.toPort = DATABASE_PORT;
      }
    }
    return database;
  }

  /** Restore points beyond the 35-day point-in-time window, in a vault encrypted with the data key. */
  private addBackupPlan(): void {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
      // Governance-mode lock: recovery points cannot be deleted before their retention ends.
      lockConfiguration: { minRetention: Duration.days(35) },
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        backup.BackupPlanRule.daily(),
        // Kept a year for audits; no cold-storage transition, which Aurora snapshots do not support.
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }),
          deleteAfter: Duration.days(365),
        }),
      ],
    });
    plan.addSelection('Database', { resources: [backup.BackupResource.fromRdsDatabaseCluster(this.database)] });
  }
}
