import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, SERVICE_NAME } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { CONFIG_VARIABLES } from '../../infra/playbook/playbook';
import { MONTHLY_COST_BUDGET_USD } from '../../infra/stacks/governance-stack';
import { buildInfra } from '../support/infra';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
};

describe('governance stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let governance: Template;
  let service: Template;

  const resources = (type: string, props: Record<string, unknown> = {}) =>
    Object.entries(governance.findResources(type, props)) as Array<[string, Resource]>;
  const only = (type: string, props: Record<string, unknown> = {}): [string, Resource] => {
    const found = resources(type, props);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const ref = (id: string) => ({ Ref: id });
  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
  /** The service stack's value behind a cross-stack reference (Fn::GetStackOutput) in the governance stack. */
  const fromService = (value: unknown): unknown => {
    const { OutputName } = (value as { 'Fn::GetStackOutput': { OutputName: string } })['Fn::GetStackOutput'];
    return (service.toJSON().Outputs as Record<string, { Value: unknown }>)[OutputName].Value;
  };
  const keyId = (description: RegExp) => governance.getResourceId('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp(description.source) } });
  const actions = (statement: Statement) => [statement.Action].flat();

  beforeAll(() => {
    infra = buildInfra();
    governance = Template.fromStack(infra.governance);
    service = Template.fromStack(infra.service);
  });

  afterAll(() => infra.dispose());

  describe('audit trail', () => {
    it('logs every region with file validation, KMS and a CloudWatch Logs copy', () => {
      const [, trail] = only('AWS::CloudTrail::Trail');
      expect(trail.Properties).toMatchObject({
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        KMSKeyId: arnOf(keyId(/audit trail/)),
      });
      const logGroupId = trail.Properties.CloudWatchLogsLogGroupArn['Fn::GetAtt'][0] as string;
      expect(governance.toJSON().Resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
      expect(trail.Properties.CloudWatchLogsRoleArn).toBeDefined();
      expect(trail.Properties.EventSelectors).toContainEqual({ IncludeManagementEvents: true, ReadWriteType: 'All' });
      // S3 data events of the documents bucket (who read or changed which customer document).
      expect(trail.Properties.EventSelectors).toContainEqual(expect.objectContaining({
        DataResources: [expect.objectContaining({ Type: 'AWS::S3::Object' })],
        ReadWriteType: 'All',
      }));
    });

    it('sends the trail to a KMS-encrypted log group kept for at least a year', () => {
      const [, trail] = only('AWS::CloudTrail::Trail');
      const logGroupId = trail.Properties.CloudWatchLogsLogGroupArn['Fn::GetAtt'][0] as string;
      const logGroup = governance.toJSON().Resources[logGroupId] as Resource;
      expect(logGroup.Properties.KmsKeyId).toEqual(expect.objectContaining({ 'Fn::GetStackOutput': expect.anything() }));
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
      expect(logGroup.DeletionPolicy).toBe('Retain');
    });

    it('lets only CloudTrail, for this trail, encrypt with its rotating key', () => {
      const key = governance.toJSON().Resources[keyId(/audit trail/)] as Resource;
      expect(key.Properties.EnableKeyRotation).toBe(true);
      const statements = key.Properties.KeyPolicy.Statement as Statement[];
      const encrypt = statements.find((s) => actions(s).includes('kms:GenerateDataKey*'))!;
      expect(encrypt.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
      expect(encrypt.Condition).toEqual({
        StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${ENVIRONMENT.region}:${ENVIRONMENT.account}:trail/${SERVICE_NAME}-governance-audit` },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ENVIRONMENT.account}:trail/*` },
      });
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Action: 'kms:CreateGrant',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }));
    });

    it('keeps the evidence in an Object Lock (COMPLIANCE) bucket: versioned, KMS, private, TLS only, access-logged', () => {
      const [, trail] = only('AWS::CloudTrail::Trail');
      const bucketId = (trail.Properties.S3BucketName as { Ref: string }).Ref;
      const bucket = governance.toJSON().Resources[bucketId] as Resource;
      expect(bucket.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(keyId(/audit trail/)) } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: expect.objectContaining({ 'Fn::GetStackOutput': expect.anything() }), LogFilePrefix: 'audit-trail/' },
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
      governance.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucketId),
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('alarms on the CIS metric filters (root use, unauthorized calls, IAM policy changes, ...) to the alerts topic', () => {
      const filters = resources('AWS::Logs::MetricFilter').map(([, filter]) => filter.Properties);
      const patternOf = (name: string) => filters.find((f) => f.MetricTransformations[0].MetricName === name)?.FilterPattern as string;
      expect(patternOf('RootAccountUsage')).toContain('$.userIdentity.type = "Root"');
      expect(patternOf('UnauthorizedApiCalls')).toContain('AccessDenied*');
      expect(patternOf('IamPolicyChanges')).toContain('($.eventName = PutRolePolicy)');
      const topic = ref(only('AWS::SNS::Topic')[0]);
      const alarms = resources('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
      expect(alarms.length).toBeGreaterThanOrEqual(filters.length);
      for (const name of ['RootAccountUsage', 'UnauthorizedApiCalls', 'IamPolicyChanges', 'ConsoleSignInWithoutMfa', 'CloudTrailChanges']) {
        const alarm = alarms.find((a) => a.MetricName === name);
        expect(alarm, name).toMatchObject({ Namespace: 'CISBenchmark', ActionsEnabled: true, AlarmActions: [topic] });
      }
    });
  });

  describe('AWS Config', () => {
    it('records every supported resource type, global types included, with the AWS_ConfigRole role', () => {
      const [, recorder] = only('AWS::Config::ConfigurationRecorder');
      expect(recorder.Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: true });
      const roleId = recorder.Properties.RoleARN['Fn::GetAtt'][0] as string;
      const role = governance.toJSON().Resources[roleId] as Resource;
      expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('service-role/AWS_ConfigRole');
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'config.amazonaws.com' });
    });

    it('delivers to a KMS-encrypted, versioned, private bucket after the recorder exists', () => {
      const [, channel] = only('AWS::Config::DeliveryChannel');
      expect(channel.Properties.S3KmsKeyArn).toEqual(arnOf(keyId(/audit trail/)));
      expect(channel.DependsOn).toEqual(expect.arrayContaining([only('AWS::Config::ConfigurationRecorder')[0]]));
      const bucket = governance.toJSON().Resources[(channel.Properties.S3BucketName as { Ref: string }).Ref] as Resource;
      expect(bucket.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { LogFilePrefix: 'config/' },
      });
    });
  });

  describe('detective services', () => {
    it('enables Security Hub with FSBP, CIS AWS Foundations and PCI DSS (region-specific ARNs)', () => {
      const [hubId] = only('AWS::SecurityHub::Hub', { Properties: { EnableDefaultStandards: false } });
      const standards = resources('AWS::SecurityHub::Standard');
      const arns = standards.map(([, s]) => JSON.stringify(s.Properties.StandardsArn));
      for (const standard of ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/', 'pci-dss/v/']) {
        expect(arns.some((arn) => arn.includes(':securityhub:') && arn.includes('AWS::Region') && arn.includes(`::standards/${standard}`)), standard).toBe(true);
      }
      for (const [, standard] of standards) expect(standard.DependsOn).toContain(hubId);
    });

    it('enables GuardDuty with S3, RDS login, Lambda network and ECS Fargate runtime monitoring', () => {
      const [, detector] = only('AWS::GuardDuty::Detector');
      expect(detector.Properties.Enable).toBe(true);
      expect(detector.Properties.Features).toEqual(expect.arrayContaining([
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }] },
      ]));
    });

    it('enables Inspector v2 for ECR and Lambda, and a daily Macie job on the documents bucket', () => {
      const custom = resources('Custom::AWS').map(([, r]) => JSON.stringify(r.Properties));
      const inspector = custom.find((c) => c.includes('Inspector2'))!;
      expect(inspector).toContain('\\"action\\":\\"enable\\"');
      expect(inspector).toContain('ECR');
      const [macieId] = only('AWS::Macie::Session', { Properties: { Status: 'ENABLED' } });
      const [, job] = resources('Custom::AWS').find(([, r]) => JSON.stringify(r.Properties).includes('createClassificationJob'))!;
      const create = JSON.stringify(job.Properties.Create);
      expect(create).toContain('\\"jobType\\":\\"SCHEDULED\\"');
      expect(create).toContain('dailySchedule');
      expect(create).toContain('PublishOutputRefDocuments');
      expect(job.DependsOn).toContain(macieId);
      expect(JSON.stringify(job.Properties.Delete)).toContain('CANCELLED');
    });

    it('runs the custom resources in the VPC with reserved concurrency, a DLQ and KMS-encrypted logs', () => {
      const [, fn] = only('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Description: Match.absent() } });
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        ReservedConcurrentExecutions: expect.any(Number),
        DeadLetterConfig: { TargetArn: expect.anything() },
        VpcConfig: { SubnetIds: expect.arrayContaining([expect.objectContaining({ 'Fn::GetStackOutput': expect.anything() })]) },
      });
      const logGroup = governance.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref] as Resource;
      expect(logGroup.Properties.KmsKeyId).toBeDefined();
    });
  });

  describe('alerts', () => {
    it('encrypts the topic with its own rotating key that EventBridge, CloudWatch and Budgets may use', () => {
      const [, topic] = only('AWS::SNS::Topic');
      const alertsKey = keyId(/alerts topic/);
      expect(topic.Properties.KmsMasterKeyId).toEqual(arnOf(alertsKey));
      const key = governance.toJSON().Resources[alertsKey] as Resource;
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: expect.arrayContaining(['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) },
        Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
      }));
    });

    it('denies publishing without TLS', () => {
      governance.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('routes GuardDuty findings of severity >= 7 to the topic and the playbook', () => {
      const [, rule] = only('AWS::Events::Rule');
      expect(rule.Properties.EventPattern).toEqual({
        'source': ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        'detail': { severity: [{ numeric: ['>=', 7] }] },
      });
      const playbookId = governance.getResourceId('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('GuardDuty') } });
      expect(rule.Properties.Targets).toEqual(expect.arrayContaining([
        expect.objectContaining({ Arn: ref(only('AWS::SNS::Topic')[0]) }),
        expect.objectContaining({ Arn: arnOf(playbookId), DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything() }),
      ]));
    });

    it('has a monthly cost budget alerting at 80% actual and 100% forecasted spend', () => {
      const [, budget] = only('AWS::Budgets::Budget');
      expect(budget.Properties.Budget).toMatchObject({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: MONTHLY_COST_BUDGET_USD, Unit: 'USD' } });
      const topic = ref(only('AWS::SNS::Topic')[0]);
      expect(budget.Properties.NotificationsWithSubscribers).toEqual([
        {
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
        },
        {
          Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
        },
      ]);
    });
  });

  describe('incident playbook', () => {
    const playbook = (): Resource => only('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('GuardDuty') } })[1];

    it('runs Node.js 24 in the private subnets with reserved concurrency, a KMS DLQ, KMS logs and X-Ray', () => {
      const fn = playbook();
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        TracingConfig: { Mode: 'Active' },
        ReservedConcurrentExecutions: expect.any(Number),
        VpcConfig: { SubnetIds: expect.arrayContaining([expect.objectContaining({ 'Fn::GetStackOutput': expect.anything() })]) },
      });
      expect(fn.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
      const subnets = fn.Properties.VpcConfig.SubnetIds.map((s: { 'Fn::GetStackOutput': { OutputName: string } }) => s['Fn::GetStackOutput'].OutputName);
      expect(subnets.every((name: string) => /PrivateSubnet/.test(name))).toBe(true);
      const queue = governance.toJSON().Resources[fn.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]] as Resource;
      expect(queue.Properties.KmsMasterKeyId).toEqual(arnOf(keyId(/alerts topic/)));
      const logGroup = governance.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref] as Resource;
      expect(logGroup.Properties).toMatchObject({ KmsKeyId: expect.anything(), RetentionInDays: 365 });
      const sg = governance.toJSON().Resources[fn.Properties.VpcConfig.SecurityGroupIds[0]['Fn::GetAtt'][0]] as Resource;
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    });

    it('is configured with this service\'s cluster, quarantine security group and alerts topic', () => {
      const variables = playbook().Properties.Environment.Variables as Record<string, unknown>;
      expect(fromService(variables[CONFIG_VARIABLES.clusterArn])).toEqual(arnOf(service.getResourceId('AWS::ECS::Cluster')));
      const quarantine = fromService(variables[CONFIG_VARIABLES.quarantineSecurityGroupId]) as { 'Fn::GetAtt': [string, string] };
      expect(quarantine['Fn::GetAtt'][1]).toBe('GroupId');
      expect(variables[CONFIG_VARIABLES.topicArn]).toEqual(ref(only('AWS::SNS::Topic')[0]));
    });

    it('has a least-privilege role: no inline policy, no wildcard actions, every call scoped', () => {
      const fn = playbook();
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      expect(resources('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))).toEqual([]);
      const [policyId, policy] = only('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('Incident playbook') } });
      expect((governance.toJSON().Resources[roleId] as Resource).Properties.ManagedPolicyArns).toContainEqual(ref(policyId));
      expect(fn.DependsOn).toContain(policyId);
      const statements = policy.Properties.PolicyDocument.Statement as Statement[];
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actions(statement)) expect(action).not.toContain('*');
      }
      const bySid = (sid: string) => statements.find((s) => (s as Statement & { Sid: string }).Sid === sid)!;
      expect(bySid('DescribeTasksOfTheServiceCluster').Condition).toEqual({ ArnEquals: { 'ecs:cluster': expect.objectContaining({ 'Fn::GetStackOutput': expect.anything() }) } });
      expect(bySid('TagTasksWithTheQuarantineTagsOnly').Condition!['ForAllValues:StringEquals']).toEqual({ 'aws:TagKeys': ['quarantined', 'guardduty-finding-id'] });
      expect(bySid('SwapSecurityGroupsOfEnisInTheServiceVpc')).toMatchObject({
        Action: 'ec2:ModifyNetworkInterfaceAttribute',
        Condition: { StringEquals: { 'ec2:Vpc': expect.anything() } },
      });
      expect(JSON.stringify(bySid('OnlyToTheQuarantineSecurityGroup').Resource)).toContain('security-group/');
      expect(bySid('PublishAlerts')).toMatchObject({ Action: 'sns:Publish', Resource: ref(only('AWS::SNS::Topic')[0]) });
      const wildcards = statements.filter((s) => s.Resource === '*').flatMap(actions);
      expect(wildcards.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    const findings = pack.validateScope(infra.governance).violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });
});
