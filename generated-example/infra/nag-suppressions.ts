import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { InfraApp } from './app';

/**
 * Every acknowledged finding, in one reviewed file: cdk-nag's (AwsSolutions, PCI DSS 3.2.1,
 * NIST 800-53 R5) and cfn-guard's Control Tower rules. Each names the rule, the exact
 * resource it applies to, and the compensating control that makes accepting it safe.
 * cdk-nag rule ids are `<pack>-<rule>` with an optional `[<finding>]` (as cdk-nag names them);
 * cfn-guard's are `cdk-validator-cfnguard::<check>`.
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
function acknowledgeNetwork({ network }: Omit<InfraApp, 'app'>): void {
  for (const subnet of network.vpc.publicSubnets) {
    const defaultRoute = subnet.node.findChild('DefaultRoute');
    for (const pack of PACKS) {
      acknowledge(defaultRoute, `${pack}-VPCNoUnrestrictedRouteToIGW`,
        'The public subnets hold only the NAT gateways, which need this route for the workloads\' outbound traffic. Nothing else is placed there, '
        + 'instances get no public IP on launch, and no security group admits traffic from the internet.');
    }
  }
  acknowledge(network.node.findChild('Custom::VpcRestrictDefaultSGCustomResourceProvider'), 'cdk-validator-cfnguard::lambda_inside_vpc_check',
    'CDK\'s deploy-time handler that strips the default security group\'s rules: it only calls the EC2 API for this VPC\'s default group, '
    + 'touches no data, and must run before the VPC\'s endpoints exist.');
}

// ---- data -------------------------------------------------------------------------------
function acknowledgeData({ data }: Omit<InfraApp, 'app'>): void {
  const { accessLogs, documents, database } = data;

  acknowledge(accessLogs, 'AwsSolutions-S1',
    'This is the access-log target bucket itself; logging it into itself would loop. CloudTrail S3 data events record access to it.');

  for (const pack of PACKS) {
    acknowledge(accessLogs, `${pack}-S3DefaultEncryptionKMS`,
      'S3 server access log delivery cannot write to SSE-KMS buckets; the bucket uses SSE-S3, blocks public access and denies non-TLS requests.');
    for (const bucket of [accessLogs, documents]) {
      acknowledge(bucket, `${pack}-S3BucketReplicationEnabled`,
        'Cross-region replication would copy personal data out of the home region (GDPR data residency). Versioning, retention on delete and AWS Backup restore points provide recovery.');
    }
  }

  acknowledge(database.node.findChild('MonitoringRole'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    'The AWS-maintained enhanced-monitoring policy lets RDS write OS metrics only to the RDSOSMetrics log group; the role is assumable by monitoring.rds.amazonaws.com only.');
  acknowledge(data.node.findChild('BackupPlan').node.findChild('Database').node.findChild('Role'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'The AWS-maintained AWS Backup service policy, tracked by AWS as services change; the role is assumable by backup.amazonaws.com only and used by this stack\'s plan.');
  acknowledge(data.node.findChild('DatabaseLogs'), 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    'The log group is encrypted with the network stack\'s logs key; the rule cannot follow that cross-stack reference (Fn::GetStackOutput). '
    + 'test/infra/data.test.ts asserts the KmsKeyId.');
  acknowledge(accessLogs, 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
    'S3 server access log delivery cannot write to SSE-KMS buckets; the bucket uses SSE-S3, blocks public access and denies non-TLS requests.');
  acknowledge(accessLogs, 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    'This is the access-log target bucket itself; logging it into itself would loop. CloudTrail S3 data events record access to it.');
  acknowledge(accessLogs, 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    'S3 server access logging refuses target buckets with an Object Lock default retention, and the log writers lock no object themselves; '
    + 'versioning keeps every overwritten or deleted log recoverable and only the log delivery services may write.');
  for (const instance of ['Writer', 'Reader']) {
    acknowledge(database.node.findChild(instance), 'CloudFormation-Validate::W3010',
      'The zones come from the committed cdk.context.json and are the isolated subnets\' zones; pinning the writer and the reader to different '
      + 'zones is the Multi-AZ control.');
    acknowledge(database.node.findChild(instance), 'NIST.800.53.R5-RDSInBackupPlan',
      'AWS Backup protects Aurora per cluster, not per instance: the cluster is selected in this stack\'s backup plan (daily, kept 35 days; monthly, kept a year) '
      + 'on top of 35-day point-in-time recovery.');
  }
}

// ---- deploy access ----------------------------------------------------------------------
function acknowledgeDeployAccess({ deployAccess }: Omit<InfraApp, 'app'>): void {
  acknowledge(deployAccess.node.findChild('DeployPolicy'), 'AwsSolutions-IAM5[Resource::*]',
    'Only ecr:GetAuthorizationToken, which ECR authorizes account-wide; the login token grants nothing by itself and the push actions are scoped to the service repository.');
}

// ---- service ----------------------------------------------------------------------------
function acknowledgeService({ service }: Omit<InfraApp, 'app'>): void {
  const { taskDefinition } = service.service;
  const executionPolicy = taskDefinition.executionRole!.node.findChild('DefaultPolicy');

  acknowledge(taskDefinition, 'AwsSolutions-ECS2',
    'The plain environment holds only non-secret settings (HOST, PORT, LOG_LEVEL, MIGRATE_ON_START and a DATABASE_URL without host or credentials); every credential is injected from Secrets Manager.');
  acknowledge(executionPolicy, 'AwsSolutions-IAM5[Resource::*]',
    'CDK grants ecr:GetAuthorizationToken, which ECR authorizes account-wide only; image pulls, log writes and secret reads are scoped to the repository, log group and secrets.');
  acknowledge(service.tracingPolicy, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray trace and sampling actions support no resource-level permissions; the policy allows only those four write/read-sampling actions, to the task role.');
  acknowledge(service.service.node.findChild('GreenRole'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
    'The AWS-maintained least-privilege policy ECS blue/green needs to shift listener-rule weights; assumable only by ecs.amazonaws.com.');
  for (const pack of PACKS) {
    acknowledge(executionPolicy, `${pack}-IAMNoInlinePolicy`,
      'CDK-generated execution-role policy for pulling the image, writing logs and reading the injected secrets, each scoped to its resource; it changes only with the reviewed task definition.');
  }
  if (service.cardTokenKey) {
    acknowledge(service.cardTokenKey, 'AwsSolutions-SMG4',
      'The card-token HMAC key derives stored, deterministic card tokens: rotating it would orphan every token. It is encrypted with the data key, readable only by the task execution role, and access is logged by CloudTrail.');
    acknowledge(service.cardTokenKey, 'NIST.800.53.R5-SecretsManagerRotationEnabled',
      'The card-token HMAC key derives stored, deterministic card tokens: rotating it would orphan every token. It is encrypted with the data key, readable only by the task execution role, and access is logged by CloudTrail.');
  }
  for (const alarm of service.deploymentAlarms) {
    for (const id of ['NIST.800.53.R5-CloudWatchAlarmAction', 'cdk-validator-cfnguard::cloudwatch_alarm_action_check']) {
      acknowledge(alarm, id,
        'A deployment rollback alarm: ECS reads its state and rolls the deployment back (ROLLBACK_ON_ALARM), which is the action; service health alerts are raised by the governance stack.');
    }
  }
  // The service-to-database rule's port is the cluster's port attribute (a cross-stack token), which
  // the port rules cannot evaluate. The rule admits only the service's security group, never a CIDR.
  const serviceGroup = service.service.connections.securityGroups[0];
  for (const rule of serviceGroup.node.children.filter((child) => child.node.id.includes('{IndirectPort}'))) {
    for (const pack of PACKS) {
      for (const check of ['EC2RestrictedCommonPorts', 'EC2RestrictedSSH']) {
        acknowledge(rule, `${pack}-${check}`,
          'Security-group-to-security-group rule on the database port (resolved at deploy time): only the service tasks reach the database, no address range is opened.');
      }
    }
  }
  // Control Tower's rules accept only a literal or a same-template reference; these point at the
  // logs key (network stack) and the access-log bucket (data stack) through Fn::GetStackOutput.
  for (const logGroup of [service.node.findChild('Logs'), service.node.findChild('WebAclLogs')]) {
    acknowledge(logGroup, 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      'Encrypted with the customer-managed logs key of the network stack (cross-stack reference); cdk-nag CloudWatchLogGroupEncrypted and the unit tests verify KmsKeyId.');
  }
  acknowledge(service.loadBalancer, 'cdk-validator-cfnguard::elbv2_logging_enabled_check',
    'Access logs go to the access-log bucket of the data stack (cross-stack reference); cdk-nag ELBLoggingEnabled and the unit tests verify the attributes.');
}

// ---- api --------------------------------------------------------------------------------
function acknowledgeApi({ api }: Omit<InfraApp, 'app'>): void {
  acknowledge(api.restApi.node.findChild('CloudWatchRole'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-level role API Gateway writes execution logs with; it can be assumed only by apigateway.amazonaws.com, and AWS maintains ' +
    'the policy as the service\'s logging API changes. It grants log writes only, no data access.');
  for (const pack of PACKS) {
    acknowledge(api.restApi.deploymentStage, `${pack}-APIGWCacheEnabledAndEncrypted`,
      'Every response of this authenticated banking API is personal and must never be served from a cache, so the stage has no cache ' +
      '(nothing is stored to encrypt); CloudFront caching is disabled too. Data in transit is TLS-only end to end.');
  }
  acknowledge(api.accessLogs, 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    'The log group IS encrypted with the customer managed logs key of the network stack; the KMS key id arrives as a cross-stack ' +
    'Fn::GetStackOutput, which the rule cannot resolve. The API tests assert the KmsKeyId.');
}

// ---- edge (both stacks) -----------------------------------------------------------------
function acknowledgeEdge({ edge }: Omit<InfraApp, 'app'>): void {
  const guard = 'cdk-validator-cfnguard';
  acknowledge(edge.distribution, `${guard}::cloudfront_default_root_object_configured_check`,
    'The only origin is the API, which has no root document: every path is an authorized API route, and `/` is rejected by the authorizer.');
  acknowledge(edge.distribution, `${guard}::cloudfront_origin_failover_enabled_check`,
    'The API runs in one region by design (data residency); a second origin would be a second deployment of the service. ' +
    'Availability comes from the multi-AZ API Gateway, load balancer and Aurora cluster behind the single origin.');
  for (const check of ['cloudfront_custom_ssl_certificate_check', 'cloudfront_sni_enabled_check']) {
    acknowledge(edge.distribution, `${guard}::${check}`,
      'The distribution DOES use the custom ACM certificate for the API name with sni-only and TLSv1.2_2021; the certificate ARN ' +
      'arrives from the us-east-1 stack as Fn::GetStackOutput, which the rule cannot resolve. The edge tests assert the ViewerCertificate.');
  }
  acknowledge(edge.logBucket, `${guard}::s3_bucket_logging_enabled_check`,
    'Server access logging IS configured, to the shared access-log bucket, whose name arrives from the data stack as ' +
    'Fn::GetStackOutput, which the rule cannot resolve. The edge tests assert the LoggingConfiguration.');
  acknowledge(edge.logBucket, `${guard}::s3_event_notifications_enabled_check`,
    'Nothing consumes events of this log bucket, and CDK would configure them through an extra custom-resource Lambda; ' +
    'the bucket only receives CloudFront log delivery, and its server access logs record every request to it.');
  acknowledge(edge.logBucket, `${guard}::s3_bucket_object_lock_enabled_check`,
    'CloudFront\'s (legacy) log delivery is not documented to support Object Lock default retention (S3 log delivery explicitly does not); ' +
    'rather than risk silently lost logs, they are protected by versioning, a retained bucket, blocked public access, TLS-only access and KMS.');
  for (const pack of PACKS) {
    acknowledge(edge.logBucket, `${pack}-S3BucketReplicationEnabled`,
      'CloudFront access logs hold client IP addresses (personal data under GDPR); replicating them out of the home region is not ' +
      'wanted. Versioning and the retained bucket provide recovery.');
  }
}

// ---- governance -------------------------------------------------------------------------
function acknowledgeGovernance({ governance }: Omit<InfraApp, 'app'>): void {
  const { account, region } = governance;
  const { audit, configRecording, playbook, serviceEnablement } = governance;
  // Finding ids name resources of the stack by logical id, as CloudFormation renders them.
  const { 'Fn::GetAtt': [configBucketId] } = governance.resolve(configRecording.bucket.bucketArn) as { 'Fn::GetAtt': [string, string] };

  acknowledge(configRecording.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
    'AWS_ConfigRole is the policy AWS maintains so the recorder can read every supported resource type as new ones appear; '
    + 'it is read-only (Describe/List/Get). Delivery rights are a separate customer-managed policy scoped to the Config bucket.');
  acknowledge(configRecording.deliveryPolicy,
    `AwsSolutions-IAM5[Resource::<${configBucketId}.Arn>/AWSLogs/${account}/Config/*]`,
    'Config writes one object per snapshot and history file under its fixed AWSLogs/<account>/Config/ prefix of its own bucket; '
    + 'the prefix is the narrowest scope. The bucket is private, versioned, KMS-encrypted and TLS-only.');
  for (const role of [playbook.role, serviceEnablement.role]) {
    acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'The AWS-maintained minimum for a Lambda function in a VPC (ENI management, which has no resource-level permissions, and writing its logs). '
      + 'Everything else the function may do is in a customer-managed policy scoped to named resources.');
  }
  acknowledge(playbook.policy, 'AwsSolutions-IAM5[Resource::*]',
    'Only xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; they write traces and read nothing.');
  acknowledge(playbook.policy, `AwsSolutions-IAM5[Resource::arn:aws:ecs:${region}:${account}:task/*]`,
    'Task ARNs are only known when GuardDuty names one. ecs:DescribeTasks is conditioned on ecs:cluster = the service cluster; '
    + 'ecs:TagResource may only set the two quarantine tag keys. The role cannot stop, run or change any task.');
  acknowledge(playbook.policy, `AwsSolutions-IAM5[Resource::arn:aws:ec2:${region}:${account}:network-interface/*]`,
    'Task ENIs are created per task; the statement is conditioned on ec2:Vpc = the service VPC, and a second statement allows the '
    + 'security-group side of the call only for the quarantine group, so the only possible change is isolating an ENI of that VPC.');
  acknowledge(serviceEnablement.policy, 'AwsSolutions-IAM5[Resource::*]',
    'inspector2:Enable and inspector2:Disable are account-level switches with no resource-level permissions; the role has no other wildcard.');
  acknowledge(serviceEnablement.policy,
    `AwsSolutions-IAM5[Resource::arn:aws:iam::${account}:role/aws-service-role/inspector2.amazonaws.com/*]`,
    'Enabling Inspector creates its service-linked role; the statement is limited to that path and to iam:AWSServiceName = inspector2.amazonaws.com.');
  acknowledge(serviceEnablement.policy, `AwsSolutions-IAM5[Resource::arn:aws:macie2:${region}:${account}:classification-job/*]`,
    'A Macie job ID is assigned on creation, so creating it cannot be scoped further; the role can only create and cancel classification '
    + 'jobs of this account and region (Macie reads the buckets through its own service-linked role).');
  for (const pack of PACKS) {
    for (const bucket of [audit.bucket, configRecording.bucket]) {
      acknowledge(bucket, `${pack}-S3BucketReplicationEnabled`,
        'Audit evidence stays in the home region (GDPR data residency, one region per the data classification). The trail bucket is '
        + 'Object Lock COMPLIANCE, versioned and KMS-encrypted; the Config bucket is versioned and re-creatable from the recorder.');
    }
    acknowledge(audit.trail.node.findChild('LogsRole'), `${pack}-IAMNoInlinePolicy`,
      'The CloudTrail construct creates this role and its policy itself (no role property): it allows only logs:CreateLogStream and '
      + 'logs:PutLogEvents on the trail\'s own log group, assumable by cloudtrail.amazonaws.com only.');
  }

  const guard = 'cdk-validator-cfnguard';
  for (const logGroup of [audit.logGroup, playbook.logGroup, serviceEnablement.logGroup]) {
    acknowledge(logGroup, `${guard}::cloudwatch_log_group_encrypted_check`,
      'Encrypted with the customer-managed logs key of the network stack; the rule cannot follow that cross-stack reference '
      + '(Fn::GetStackOutput). cdk-nag CloudWatchLogGroupEncrypted and test/infra/governance.test.ts verify KmsKeyId.');
  }
  for (const fn of [playbook.function, serviceEnablement.function]) {
    acknowledge(fn, `${guard}::lambda_inside_vpc_check`,
      'The function runs in the private subnets of the service VPC (network stack); the rule cannot follow the cross-stack subnet '
      + 'references. cdk-nag LambdaInsideVPC and test/infra/governance.test.ts verify VpcConfig.');
  }
  for (const bucket of [audit.bucket, configRecording.bucket]) {
    acknowledge(bucket, `${guard}::s3_bucket_logging_enabled_check`,
      'Server access logs go to the access-log bucket of the data stack; the rule cannot follow that cross-stack reference. '
      + 'cdk-nag S1/S3BucketLoggingEnabled and test/infra/governance.test.ts verify LoggingConfiguration.');
  }
  acknowledge(configRecording.bucket, `${guard}::s3_bucket_object_lock_enabled_check`,
    'AWS Config cannot deliver to a bucket with Object Lock. The bucket is versioned, KMS-encrypted and written only by the recorder role; '
    + 'the immutable evidence is the CloudTrail bucket (Object Lock COMPLIANCE), which records every change to this one.');
  for (const queue of [playbook.deadLetterQueue, serviceEnablement.deadLetterQueue]) {
    acknowledge(queue, `${guard}::sqs_dlq_check`,
      'This queue is itself a dead-letter queue (terminal); a queue behind it would only move the same messages. It is KMS-encrypted, '
      + 'TLS-only and keeps messages 14 days.');
  }
  acknowledge(governance.node.findChild('GuardDuty'), `${guard}::guardduty_s3_protection_enabled_check`,
    'S3 protection is on through the detector\'s features (S3_DATA_EVENTS), the form AWS recommends; the rule only reads the legacy '
    + 'DataSources.S3Logs property, which cannot be combined with features. test/infra/governance.test.ts verifies the feature.');
}

function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
