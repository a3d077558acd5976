import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfraApp, ENVIRONMENT, SETTINGS } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { CONTAINER_PORT, MISSING_IMAGE_TAG, XRAY_DAEMON_IMAGE } from '../../infra/stacks/service-stack';
import { buildInfra } from '../support/infra';

type Resource = { Properties: Record<string, unknown> };
type Container = Record<string, unknown> & { Name: string };

describe('service stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let template: Template;
  let containers: Container[];
  const container = (name: string) => containers.find((c) => c.Name === name)!;
  const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
  const logicalId = (type: string, props: Record<string, unknown>) => Object.keys(template.findResources(type, { Properties: props }))[0];

  beforeAll(() => {
    infra = buildInfra();
    template = Template.fromStack(infra.service);
    const [[, taskDefinition]] = resources('AWS::ECS::TaskDefinition');
    containers = taskDefinition.Properties.ContainerDefinitions as Container[];
  });

  afterAll(() => infra.dispose());

  describe('cluster and tasks', () => {
    it('turns Container Insights on', () => {
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    });

    it('runs in the private subnets without a public IP', () => {
      const privateSubnets = infra.network.vpc.privateSubnets.map((subnet) => infra.service.resolve(subnet.subnetId));
      template.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: privateSubnets } },
      });
      expect(privateSubnets.length).toBeGreaterThan(0);
    });

    it('runs on Graviton with task-level memory limits', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        Cpu: '512',
        Memory: '1024',
        RequiresCompatibilities: ['FARGATE'],
      });
    });

    it('runs every container as a non-root user, read-only, capability-free and memory-limited', () => {
      expect(containers.map((c) => c.Name).sort()).toEqual(['app', 'xray-daemon']);
      for (const c of containers) {
        expect(c.User).toMatch(/^[1-9]\d*:[1-9]\d*$/);
        expect(c.ReadonlyRootFilesystem).toBe(true);
        expect(c.Memory).toBeGreaterThan(0);
        expect(c.LinuxParameters).toMatchObject({ Capabilities: { Drop: ['ALL'] } });
        expect(c.Privileged).toBeUndefined();
      }
    });

    it('gives the app a scratch /tmp, since its root filesystem is read-only', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', { Volumes: [{ Name: 'tmp' }] });
      expect(container('app').MountPoints).toEqual([{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'tmp' }]);
    });

    it('runs the image from the registry by the tag CI passes, never a mutable default', () => {
      const image = JSON.stringify(container('app').Image);
      expect(image).toContain('.dkr.ecr.');
      expect(image).toContain(`:${MISSING_IMAGE_TAG}`);
      expect(image).not.toContain(':latest');
    });

    it('uses the tag from the imageTag context and rejects a malformed one', () => {
      const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
      const previous = process.env.CDK_CONTEXT_JSON;
      try {
        process.env.CDK_CONTEXT_JSON = JSON.stringify({ imageTag: '0123456789abcdef0123456789abcdef01234567' });
        const tagged = createInfraApp(outdir);
        const [[, task]] = Object.entries(Template.fromStack(tagged.service).findResources('AWS::ECS::TaskDefinition') as Record<string, Resource>);
        const app = (task.Properties.ContainerDefinitions as Container[]).find((c) => c.Name === 'app')!;
        expect(JSON.stringify(app.Image)).toContain(':0123456789abcdef0123456789abcdef01234567');
        process.env.CDK_CONTEXT_JSON = JSON.stringify({ imageTag: 'bad tag!' });
        expect(() => createInfraApp(outdir)).toThrow(/imageTag/);
      } finally {
        if (previous === undefined) {
          delete process.env.CDK_CONTEXT_JSON;
        } else {
          process.env.CDK_CONTEXT_JSON = previous;
        }
        rmSync(outdir, { recursive: true, force: true });
      }
    });

    it('checks GET /health on port 8080 and listens on all interfaces there', () => {
      expect(CONTAINER_PORT).toBe(8080);
      const app = container('app');
      expect(app.PortMappings).toEqual([{ ContainerPort: 8080, Name: 'http', Protocol: 'tcp' }]);
      expect((app.HealthCheck as { Command: string[] }).Command.join(' ')).toContain('http://127.0.0.1:8080/health');
      expect(app.Environment).toEqual(expect.arrayContaining([{ Name: 'HOST', Value: '0.0.0.0' }, { Name: 'PORT', Value: '8080' }]));
    });

    it('injects every credential from Secrets Manager and keeps the plain environment free of secrets', () => {
      const app = container('app');
      const secrets = app.Secrets as Array<{ Name: string; ValueFrom: unknown }>;
      const cardSecrets = SETTINGS.cards ? ['CARD_TOKEN_KEY'] : [];
      expect(secrets.map((s) => s.Name).sort()).toEqual([...cardSecrets, 'PGDATABASE', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER']);
      const databaseSecret = infra.service.resolve(infra.data.database.secret!.secretArn);
      for (const [name, field] of [['PGHOST', 'host'], ['PGPORT', 'port'], ['PGDATABASE', 'dbname'], ['PGUSER', 'username'], ['PGPASSWORD', 'password']]) {
        expect(secrets.find((s) => s.Name === name)!.ValueFrom).toEqual({ 'Fn::Join': ['', [databaseSecret, `:${field}::`]] });
      }
      if (SETTINGS.cards) {
        expect(secrets.find((s) => s.Name === 'CARD_TOKEN_KEY')!.ValueFrom).toEqual({ Ref: logicalId('AWS::SecretsManager::Secret', {}) });
      }

      const environment = app.Environment as Array<{ Name: string; Value: unknown }>;
      expect(environment.map((e) => e.Name).sort()).toEqual(['COGNITO_CLIENT_ID', 'COGNITO_USER_POOL_ID', 'DATABASE_URL', 'HOST', 'LOG_LEVEL', 'MIGRATE_ON_START', 'PORT']);
      for (const { Name, Value } of environment) {
        expect(Name).not.toMatch(/KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL/i);
        if (Name.startsWith('COGNITO_')) {
          // Identifiers of the identity stack's pool and client, resolved at deploy time.
          expect(JSON.stringify(Value)).toContain(infra.identity.stackName);
        } else {
          expect(typeof Value).toBe('string');
          expect(Value).not.toMatch(/:\/\/[^/?]*@/); // no user:password@ in a URL
        }
      }
      // No host and no credentials in the connection string; TLS with certificate and host checks.
      expect(environment.find((e) => e.Name === 'DATABASE_URL')!.Value).toBe('postgresql://?sslmode=verify-full');
    });

    if (SETTINGS.cards) {
      it('generates the card-token key in Secrets Manager, encrypted with the data key', () => {
        template.hasResourceProperties('AWS::SecretsManager::Secret', {
          KmsKeyId: infra.service.resolve(infra.data.dataKey.keyArn),
          GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
        });
      });
    } else {
      it('creates no card-token key: the service was generated without cards', () => {
        template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      });
    }

    it('lets the execution role decrypt the secrets only through Secrets Manager', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: infra.service.resolve(infra.data.dataKey.keyArn),
            Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${ENVIRONMENT.region}.amazonaws.com` } },
          }]),
        },
      });
    });

    it('logs every container to a KMS-encrypted, retained log group', () => {
      const logsKey = infra.service.resolve(infra.network.logsKey.keyArn);
      const appLogs = logicalId('AWS::Logs::LogGroup', { KmsKeyId: logsKey, RetentionInDays: 365, LogGroupName: Match.absent() });
      expect(appLogs).toBeDefined();
      template.hasResource('AWS::Logs::LogGroup', { Properties: { KmsKeyId: logsKey }, DeletionPolicy: 'Retain' });
      for (const c of containers) {
        expect(c.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: appLogs } } });
      }
    });

    it('runs the pinned X-Ray daemon as a non-essential sidecar, and lets the task role write traces', () => {
      const xray = container('xray-daemon');
      expect(xray.Image).toBe(XRAY_DAEMON_IMAGE);
      expect(XRAY_DAEMON_IMAGE).toMatch(/^public\.ecr\.aws\/xray\/aws-xray-daemon:\d+\.\d+\.\d+$/);
      expect(xray.Essential).toBe(false);
      expect(xray.PortMappings).toEqual([{ ContainerPort: 2000, Name: 'xray', Protocol: 'udp' }]);
      const tracing = logicalId('AWS::IAM::ManagedPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']) })] },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] },
        ManagedPolicyArns: [{ Ref: tracing }],
      });
    });
  });

  describe('network access', () => {
    it('opens nothing to 0.0.0.0/0 or ::/0', () => {
      for (const [, group] of resources('AWS::EC2::SecurityGroup')) {
        for (const rule of (group.Properties.SecurityGroupIngress as Array<Record<string, unknown>> | undefined) ?? []) {
          expect(rule.CidrIp).not.toBe('0.0.0.0/0');
          expect(rule.CidrIpv6).not.toBe('::/0');
        }
      }
      for (const [, rule] of resources('AWS::EC2::SecurityGroupIngress')) {
        expect(rule.Properties.CidrIp).toBeUndefined();
        expect(rule.Properties.CidrIpv6).toBeUndefined();
        expect(rule.Properties.SourceSecurityGroupId).toBeDefined();
      }
    });

    it('admits the load balancer to the tasks on 8080 only, and lets the tasks reach the database', () => {
      const albGroup = infra.service.resolve(infra.service.loadBalancer.connections.securityGroups[0].securityGroupId);
      const serviceGroup = infra.service.resolve(infra.service.service.connections.securityGroups[0].securityGroupId);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: serviceGroup, SourceSecurityGroupId: albGroup, FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp',
      });
      const databaseGroup = infra.service.resolve(infra.data.database.connections.securityGroups[0].securityGroupId);
      const databasePort = infra.service.resolve(infra.data.database.clusterEndpoint.port);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: databaseGroup, SourceSecurityGroupId: serviceGroup, FromPort: databasePort, IpProtocol: 'tcp',
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: serviceGroup, DestinationSecurityGroupId: databaseGroup, FromPort: databasePort,
      });
    });

    it('keeps a quarantine security group with no ingress and no egress', () => {
      const quarantine = infra.service.resolve(infra.service.quarantineSecurityGroup.securityGroupId) as { 'Fn::GetAtt': [string, string] };
      const [id] = quarantine['Fn::GetAtt'];
      const group = template.toJSON().Resources[id] as Resource;
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
      // CloudFormation's default egress is replaced by CDK's rule that matches no packet.
      expect(group.Properties.SecurityGroupEgress).toEqual([
        { CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 },
      ]);
      const standalone = [...resources('AWS::EC2::SecurityGroupIngress'), ...resources('AWS::EC2::SecurityGroupEgress')];
      for (const [, rule] of standalone) {
        expect(JSON.stringify(rule.Properties)).not.toContain(`"${id}"`);
      }
    });
  });

  describe('load balancer', () => {
    it('is internal, in the private subnets, drops invalid headers, is deletion-protected and logs access', () => {
      const privateSubnets = infra.network.vpc.privateSubnets.map((subnet) => infra.service.resolve(subnet.subnetId));
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internal',
        Type: 'application',
        Subnets: privateSubnets,
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'deletion_protection.enabled', Value: 'true' },
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: infra.service.resolve(infra.data.accessLogs.bucketName) },
          { Key: 'access_logs.s3.prefix', Value: 'service-alb' },
        ]),
      });
    });

    it('listens only on HTTPS 443 with a TLS 1.2+ policy and a DNS-validated certificate for internal.<api domain>', () => {
      const listeners = resources('AWS::ElasticLoadBalancingV2::Listener');
      expect(listeners).toHaveLength(1);
      const [[, listener]] = listeners;
      expect(listener.Properties).toMatchObject({ Port: 443, Protocol: 'HTTPS' });
      expect(listener.Properties.SslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-1-2-/);
      template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: `internal.${SETTINGS.apiDomainName}`,
        ValidationMethod: 'DNS',
      });
      expect(listener.Properties.Certificates).toEqual([{ CertificateArn: { Ref: logicalId('AWS::CertificateManager::Certificate', {}) } }]);
    });

    it('lets the load balancer send only to the tasks', () => {
      const albGroup = infra.service.loadBalancer.connections.securityGroups[0].securityGroupId;
      const albGroupId = (infra.service.resolve(albGroup) as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      const group = template.toJSON().Resources[albGroupId] as Resource;
      expect(group.Properties.SecurityGroupEgress).toEqual([
        { CidrIp: '255.255.255.255/32', Description: 'Matches no traffic: removes the default egress', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 },
      ]);
      const serviceGroup = infra.service.resolve(infra.service.service.connections.securityGroups[0].securityGroupId);
      template.resourcePropertiesCountIs('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] } }, 1);
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] }, DestinationSecurityGroupId: serviceGroup, FromPort: 8080, ToPort: 8080,
      });
    });
  });

  describe('web ACL', () => {
    it('applies the AWS managed rule groups and a rate limit, and guards the load balancer', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        Rules: Match.arrayWith(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((name) =>
          Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } }, OverrideAction: { None: {} } }))),
      });
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 2000, AggregateKeyType: 'FORWARDED_IP' }) },
        })]),
      });
      const webAcl = logicalId('AWS::WAFv2::WebACL', {});
      expect(infra.service.resolve(infra.service.webAclArn)).toEqual({ 'Fn::GetAtt': [webAcl, 'Arn'] });
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        ResourceArn: infra.service.resolve(infra.service.loadBalancer.loadBalancerArn),
        WebACLArn: { 'Fn::GetAtt': [webAcl, 'Arn'] },
      });
    });

    it('logs to a KMS-encrypted aws-waf-logs- log group, without credentials', () => {
      const logGroup = logicalId('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-') });
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
        KmsKeyId: infra.service.resolve(infra.network.logsKey.keyArn),
        RetentionInDays: 365,
      });
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        ResourceArn: { 'Fn::GetAtt': [logicalId('AWS::WAFv2::WebACL', {}), 'Arn'] },
        LogDestinationConfigs: [{ 'Fn::Join': ['', [Match.stringLikeRegexp(':log-group:$'), { Ref: logGroup }]] }],
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      });
    });
  });

  describe('blue/green deployment', () => {
    it('deploys blue/green with a bake time, the circuit breaker and alarm rollback', () => {
      const alarms = infra.service.deploymentAlarms.map((alarm) => infra.service.resolve(alarm.alarmName));
      expect(alarms).toHaveLength(2);
      template.hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: {
          Strategy: 'BLUE_GREEN',
          BakeTimeInMinutes: 10,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          Alarms: { AlarmNames: alarms, Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        },
      });
    });

    it('shifts the production listener rule between two target groups', () => {
      const [blue, green] = ['Blue', 'Green'].map((id) => Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))
        .find((logical) => logical.startsWith(id))!);
      const rule = logicalId('AWS::ElasticLoadBalancingV2::ListenerRule', {});
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: blue }, Weight: 100 }, { TargetGroupArn: { Ref: green }, Weight: 0 }] } }],
      });
      template.hasResourceProperties('AWS::ECS::Service', {
        LoadBalancers: [{
          ContainerName: 'app',
          ContainerPort: 8080,
          TargetGroupArn: { Ref: blue },
          AdvancedConfiguration: Match.objectLike({ AlternateTargetGroupArn: { Ref: green }, ProductionListenerRule: { Ref: rule } }),
        }],
      });
      template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Port: 8080, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/ready',
      }, 2);
    });

    it('alarms on 5XX and unhealthy hosts from target-group and load-balancer metrics of both colours', () => {
      type Query = { MetricStat?: { Metric: { MetricName: string; Namespace: string } } };
      const metricsOf = (alarm: Resource) => (alarm.Properties.Metrics as Query[]).filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric);
      const alarms = resources('AWS::CloudWatch::Alarm').map(([, alarm]) => metricsOf(alarm));
      expect(alarms).toHaveLength(2);
      for (const metrics of alarms) {
        expect(metrics.every((m) => m.Namespace === 'AWS/ApplicationELB')).toBe(true);
      }
      expect(alarms.map((metrics) => metrics.map((m) => m.MetricName).sort())).toEqual(expect.arrayContaining([
        ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'HTTPCode_Target_5XX_Count'],
        ['UnHealthyHostCount', 'UnHealthyHostCount'],
      ]));
    });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.service).violations).toEqual([]);
  });
});
