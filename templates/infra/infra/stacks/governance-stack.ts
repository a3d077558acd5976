import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as macie from 'aws-cdk-lib/aws-macie';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LOG_RETENTION, restrictGrantsToAwsServices, sendEventsToEventBridge } from '../controls';
import { CONFIG_VARIABLES, FINDING_TAG, MIN_SEVERITY, QUARANTINE_TAG } from '../playbook/playbook';

/**
 * Monthly AWS cost budget of the service's account, in USD. Owned by the platform team
 * (group:default/platform-team): revisit it with the FinOps review when traffic or the
 * architecture changes. Alerts go to the alerts topic at 80% actual and 100% forecasted spend.
 */
export const MONTHLY_COST_BUDGET_USD = 1500;

/** How long the audit trail's objects cannot be deleted or overwritten, by anyone (PCI DSS 10.5, 10.7). */
export const AUDIT_EVIDENCE_RETENTION = Duration.days(365);

export interface GovernanceStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly dataKey: kms.IKey;
  readonly documents: s3.IBucket;
  readonly accessLogs: s3.IBucket;
  /** The cluster whose tasks the incident playbook may isolate. */
  readonly cluster: ecs.ICluster;
  /** The security group with no rules that isolates a task. */
  readonly quarantineSecurityGroup: ec2.ISecurityGroup;
}

/**
 * Detective and responsive controls of the account: an immutable, multi-region audit trail,
 * AWS Config, Security Hub, GuardDuty, Inspector, Macie, the alerts topic with the CIS alarms,
 * the incident playbook that isolates a compromised task, and the cost budget.
 */
export class GovernanceStack extends Stack {
  readonly alerts: sns.Topic;
  readonly alertsKey: kms.Key;
  readonly audit: AuditTrail;
  readonly configRecording: ConfigRecording;
  readonly playbook: IncidentPlaybook;
  readonly serviceEnablement: ServiceEnablement;

  constructor(scope: Construct, id: string, props: GovernanceStackProps) {
    super(scope, id, props);

    const alerts = new AlertsTopic(this, 'Alerts');
    this.alerts = alerts.topic;
    this.alertsKey = alerts.key;

    this.audit = new AuditTrail(this, 'Audit', { ...props, alerts: this.alerts });
    this.configRecording = new ConfigRecording(this, 'Config', { accessLogs: props.accessLogs, key: this.audit.key });

    const hub = new securityhub.CfnHub(this, 'SecurityHub', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    for (const [standardId, standardsArn] of Object.entries(securityHubStandards())) {
      new securityhub.CfnStandard(this, standardId, { standardsArn }).addResourceDependency(hub);
    }

    new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [
        { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
        { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
        { name: 'LAMBDA_NETWORK_LOGS', status: 'ENABLED' },
        { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
        // GuardDuty injects and updates its agent in every Fargate task: process, file and network events.
        {
          name: 'RUNTIME_MONITORING',
          status: 'ENABLED',
          additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
        },
      ],
    });

    const macieSession = new macie.CfnSession(this, 'Macie', { status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    this.serviceEnablement = new ServiceEnablement(this, 'Enablement', {
      vpc: props.vpc,
      logsKey: props.logsKey,
      queueKey: this.alertsKey,
      documents: props.documents,
      macieSession,
    });

    this.playbook = new IncidentPlaybook(this, 'Playbook', {
      vpc: props.vpc,
      logsKey: props.logsKey,
      queueKey: this.alertsKey,
      alerts: this.alerts,
      cluster: props.cluster,
      quarantineSecurityGroup: props.quarantineSecurityGroup,
    });

    // High and critical GuardDuty findings page humans and start the isolation playbook.
    new events.Rule(this, 'GuardDutyHighSeverity', {
      description: `GuardDuty findings with severity >= ${MIN_SEVERITY}: alert and run the isolation playbook`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: events.Match.greaterThanOrEqual(MIN_SEVERITY) },
      },
      targets: [
        new targets.SnsTopic(this.alerts),
        new targets.LambdaFunction(this.playbook.function, {
          deadLetterQueue: this.playbook.deadLetterQueue,
          retryAttempts: 4,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });

    new CostBudget(this, 'Budget', { alerts: this.alerts });
  }
}

/**
 * Security Hub standards, by their region-specific ARNs (`aws securityhub describe-standards`
 * lists them): AWS Foundational Security Best Practices, CIS AWS Foundations 3.0.0, PCI DSS 4.0.1.
 */
export function securityHubStandards(): Record<string, string> {
  const standard = (path: string) => `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::standards/${path}`;
  return {
    FoundationalBestPractices: standard('aws-foundational-security-best-practices/v/1.0.0'),
    CisFoundations: standard('cis-aws-foundations-benchmark/v/3.0.0'),
    PciDss: standard('pci-dss/v/4.0.1'),
  };
}

/** The alerts topic, KMS-encrypted with its own key, published to by AWS services only over TLS. */
export class AlertsTopic extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the alerts topic and the incident playbook queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.key);
    // Encrypted topics and queues only receive messages from services that may use the key.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlertingServicesToEncrypt',
      principals: ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'budgets.amazonaws.com'].map((service) => new iam.ServicePrincipal(service)),
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
    }));

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security, compliance and cost alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    // EventBridge gets its statement from the rule target; CloudWatch alarms and Budgets need theirs.
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlarmsAndBudgetsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('budgets.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
  }
}

export interface AuditTrailProps {
  readonly logsKey: kms.IKey;
  readonly accessLogs: s3.IBucket;
  readonly documents: s3.IBucket;
  readonly alerts: sns.ITopic;
}

/**
 * CloudTrail for every region, written to an Object Lock (COMPLIANCE) bucket so no one, root
 * included, can alter or delete the evidence during the retention period; digest files prove
 * integrity; a CloudWatch Logs copy feeds the CIS metric-filter alarms.
 */
export class AuditTrail extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly logGroup: logs.LogGroup;
  readonly trail: cloudtrail.Trail;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailName = `${stack.stackName}-audit`;
    // Built from the name (not the Trail's attribute): the key policy must exist before the trail.
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the audit trail and the AWS Config history',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.key);
    const cloudTrailPrincipal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptThisTrailsLogs',
      principals: [cloudTrailPrincipal],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
      },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeTheKey',
      principals: [cloudTrailPrincipal],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }));

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(AUDIT_EVIDENCE_RETENTION),
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-trail/',
      // Old evidence moves to cheaper storage; nothing expires, deletion stays a human decision.
      lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    sendEventsToEventBridge(this.bucket);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    this.trail.node.addDependency(this.key);
    // Who read or changed which customer document (GDPR art. 30/32, PCI DSS 10.2.1).
    this.trail.addS3EventSelector([{ bucket: props.documents }], { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false });

    this.alarms = CIS_ALARMS.map((spec) => this.alarm(spec, props.alerts));
  }

  private alarm(spec: CisAlarm, alerts: sns.ITopic): cloudwatch.Alarm {
    const filter = new logs.MetricFilter(this, `${spec.id}Filter`, {
      logGroup: this.logGroup,
      metricNamespace: 'CISBenchmark',
      metricName: spec.id,
      filterPattern: logs.FilterPattern.literal(spec.pattern),
      metricValue: '1',
      defaultValue: 0,
    });
    const alarm = new cloudwatch.Alarm(this, `${spec.id}Alarm`, {
      alarmDescription: spec.description,
      metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: spec.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(alerts));
    return alarm;
  }
}

interface CisAlarm {
  readonly id: string;
  readonly description: string;
  readonly pattern: string;
  readonly threshold?: number;
}

/** CloudTrail metric filters and alarms of the CIS AWS Foundations Benchmark (Security Hub CloudWatch.1-14). */
const CIS_ALARMS: readonly CisAlarm[] = [
  {
    id: 'RootAccountUsage',
    description: 'CIS: the root user was used',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'UnauthorizedApiCalls',
    description: 'CIS: repeated unauthorized API calls (probing or a broken deployment)',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 5,
  },
  {
    id: 'IamPolicyChanges',
    description: 'CIS: an IAM policy was created, changed, attached or detached',
    pattern: `{ ${[
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ].map((name) => `($.eventName = ${name})`).join(' || ')} }`,
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    description: 'CIS: console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser")'
      + ' && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'CloudTrailChanges',
    description: 'CIS: a trail was created, changed, stopped or deleted',
    pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail)'
      + ' || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    description: 'CIS: a customer managed KMS key was disabled or scheduled for deletion',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  },
];

export interface ConfigRecordingProps {
  readonly accessLogs: s3.IBucket;
  readonly key: kms.IKey;
}

/**
 * AWS Config records every supported resource type, global ones included, and delivers its
 * history to a KMS-encrypted bucket (Config cannot deliver to Object Lock buckets).
 */
export class ConfigRecording extends Construct {
  readonly bucket: s3.Bucket;
  readonly role: iam.Role;
  readonly deliveryPolicy: iam.ManagedPolicy;
  readonly recorder: config.CfnConfigurationRecorder;

  constructor(scope: Construct, id: string, props: ConfigRecordingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'config/',
      lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    sendEventsToEventBridge(this.bucket);

    const { account } = Stack.of(this);
    // A customer-managed policy (no inline policy): write this account's Config files, nothing else.
    const delivery = this.deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'AWS Config delivery to the configuration history bucket',
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [this.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`AWSLogs/${account}/Config/*`)] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.key.keyArn] }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'AWS Config recorder',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole'), delivery],
    });

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: props.key.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(this.recorder);
    channel.node.addDependency(delivery);
  }
}

export interface ServiceEnablementProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly queueKey: kms.IKey;
  readonly documents: s3.IBucket;
  readonly macieSession: macie.CfnSession;
}

/**
 * What CloudFormation has no resource for, done with SDK calls from one custom-resource Lambda
 * (in the VPC, KMS-encrypted logs, reserved concurrency, a dead-letter queue): Inspector v2 for
 * ECR images and Lambda functions, and a daily Macie job that looks for personal data in the
 * documents bucket (incremental: each run scans what changed since the last one).
 */
export class ServiceEnablement extends Construct {
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ServiceEnablementProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const inspectorTypes = ['ECR', 'LAMBDA', 'LAMBDA_CODE'];

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const policy = this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Enables Inspector v2 and runs the Macie classification job of the documents bucket',
      statements: [
        // Account-level switches: Inspector has no resource to scope these to.
        new iam.PolicyStatement({ actions: ['inspector2:Enable', 'inspector2:Disable'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/inspector2.amazonaws.com/*' })],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          actions: ['macie2:CreateClassificationJob', 'macie2:UpdateClassificationJob'],
          resources: [stack.formatArn({ service: 'macie2', resource: 'classification-job', resourceName: '*' })],
        }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.queueKey.keyArn] }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'Custom resources enabling Inspector v2 and the Macie classification job',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'), policy],
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Both custom resources share one singleton Lambda; they must be created with the same settings.
    const common = {
      role: this.role,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
    } satisfies Partial<cr.AwsCustomResourceProps>;

    const inspector = new cr.AwsCustomResource(this, 'Inspector', {
      ...common,
      onCreate: {
        service: 'Inspector2',
        action: 'enable',
        parameters: { accountIds: [stack.account], resourceTypes: inspectorTypes },
        physicalResourceId: cr.PhysicalResourceId.of(`inspector2-${stack.account}`),
      },
      onDelete: {
        service: 'Inspector2',
        action: 'disable',
        parameters: { accountIds: [stack.account], resourceTypes: inspectorTypes },
      },
    });
    inspector.node.addDependency(policy);

    const macieJob = new cr.AwsCustomResource(this, 'MacieDocumentsJob', {
      ...common,
      onCreate: {
        service: 'Macie2',
        action: 'createClassificationJob',
        parameters: {
          name: `${stack.stackName}-documents-daily`,
          description: 'Daily sensitive-data discovery in the customer documents bucket',
          jobType: 'SCHEDULED',
          scheduleFrequency: { dailySchedule: {} },
          initialRun: true,
          managedDataIdentifierSelector: 'RECOMMENDED',
          s3JobDefinition: { bucketDefinitions: [{ accountId: stack.account, buckets: [props.documents.bucketName] }] },
        },
        physicalResourceId: cr.PhysicalResourceId.fromResponse('jobId'),
      },
      // Jobs cannot be deleted; cancelling stops every future run.
      onDelete: {
        service: 'Macie2',
        action: 'updateClassificationJob',
        parameters: { jobId: new cr.PhysicalResourceIdReference(), jobStatus: 'CANCELLED' },
      },
    });
    macieJob.node.addDependency(policy, props.macieSession);

    this.function = stack.node.findChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`) as lambda.Function;
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    // CloudFormation invokes the provider asynchronously: failed events land in the queue.
    cfnFunction.deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    cfnFunction.reservedConcurrentExecutions = 2;
    cfnFunction.tracingConfig = { mode: 'Active' };
  }
}

export interface IncidentPlaybookProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly queueKey: kms.IKey;
  readonly alerts: sns.ITopic;
  readonly cluster: ecs.ICluster;
  readonly quarantineSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The Lambda that isolates a task of this service's cluster named in a high-severity GuardDuty
 * finding (see infra/playbook). Its role may only describe tasks of that cluster, tag tasks with
 * the quarantine tags, swap security groups of ENIs in the service VPC (to the quarantine group
 * only) and publish to the topic.
 */
export class IncidentPlaybook extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly deadLetterQueue: sqs.Queue;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: IncidentPlaybookProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // The task ARN embeds the cluster name, a cross-stack token here: the cluster is enforced by
    // the ecs:cluster condition instead, which keeps the policy's ARNs literal.
    const tasks = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: '*' });
    const vpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: props.vpc.vpcId });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Incident playbook: isolate and tag a task of the service cluster, then alert',
      statements: [
        new iam.PolicyStatement({
          sid: 'DescribeTasksOfTheServiceCluster',
          actions: ['ecs:DescribeTasks'],
          resources: [tasks],
          conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
        }),
        // Only the playbook's two tag keys: it cannot retag tasks to dodge tag-based controls.
        new iam.PolicyStatement({
          sid: 'TagTasksWithTheQuarantineTagsOnly',
          actions: ['ecs:TagResource'],
          resources: [tasks],
          conditions: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': [QUARANTINE_TAG, FINDING_TAG] },
            'Null': { 'aws:TagKeys': 'false' },
          },
        }),
        new iam.PolicyStatement({
          sid: 'SwapSecurityGroupsOfEnisInTheServiceVpc',
          actions: ['ec2:ModifyNetworkInterfaceAttribute'],
          resources: [stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' })],
          conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
        }),
        new iam.PolicyStatement({
          sid: 'OnlyToTheQuarantineSecurityGroup',
          actions: ['ec2:ModifyNetworkInterfaceAttribute'],
          resources: [stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: props.quarantineSecurityGroup.securityGroupId })],
        }),
        new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.alerts.topicArn] }),
        new iam.PolicyStatement({ sid: 'FailedEventsToTheDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({ sid: 'UseTheAlertsKey', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.queueKey.keyArn] }),
        // X-Ray has no resource-level permissions.
        new iam.PolicyStatement({ sid: 'Tracing', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'GuardDuty incident playbook (isolates ECS tasks)',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'), this.policy],
    });

    // Only HTTPS out, to the AWS APIs; nothing may connect in.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Incident playbook Lambda: HTTPS to AWS APIs only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (ECS, EC2, SNS)');

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'Isolates an ECS task named in a high-severity GuardDuty finding',
      entry: join(__dirname, '..', 'playbook', 'isolate-task.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(60),
      // The statements the function needs are all in the managed policy above: nothing inline.
      role: this.role.withoutPolicyUpdates(),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      reservedConcurrentExecutions: 5,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: {
        [CONFIG_VARIABLES.clusterArn]: props.cluster.clusterArn,
        [CONFIG_VARIABLES.quarantineSecurityGroupId]: props.quarantineSecurityGroup.securityGroupId,
        [CONFIG_VARIABLES.topicArn]: props.alerts.topicArn,
      },
      bundling: { minify: true, sourceMap: true, forceDockerBundling: false },
    });
    // Lambda checks the DLQ and VPC permissions when the function is created.
    this.function.node.addDependency(this.role, this.policy);
  }
}

/** The monthly cost budget: 80% of actual spend and 100% of forecasted spend alert the topic. */
export class CostBudget extends Construct {
  constructor(scope: Construct, id: string, props: { readonly alerts: sns.ITopic }) {
    super(scope, id);
    const subscribers = [{ subscriptionType: 'SNS', address: props.alerts.topicArn }];
    new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `${Stack.of(this).stackName}-monthly-cost`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: MONTHLY_COST_BUDGET_USD, unit: 'USD' },
      },
      notificationsWithSubscribers: [
        {
          notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE' },
          subscribers,
        },
        {
          notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE' },
          subscribers,
        },
      ],
    });
  }
}
