import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from '../controls';

export interface ServiceStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly dataKey: kms.IKey;
  readonly database: rds.DatabaseCluster;
  readonly accessLogs: s3.IBucket;
  readonly repository: ecr.IRepository;
  /** The public API's DNS name; the load balancer's certificate is for `internal.<name>`. */
  readonly apiDomainName: string;
  /** Cards on: the card-token key is created and injected. */
  readonly cards: boolean;
  /** The Cognito user pool and app client whose access tokens the service accepts (identity stack). */
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

/** The port the service listens on (PORT) and the target groups forward to. */
export const CONTAINER_PORT = 8080;
/** The CDK context key CI sets to the image tag it pushed: `cdk deploy -c imageTag=<git sha>`. */
export const IMAGE_TAG_CONTEXT = 'imageTag';
/**
 * Used when `imageTag` is not given (unit tests, `cdk synth` in pull requests). The registry's
 * tags are immutable and CI only pushes git SHAs, so this tag never exists: a deployment made
 * without the context cannot start a task, and the circuit breaker rolls back to the running
 * version instead of silently deploying whatever a mutable tag such as `latest` points at.
 */
export const MISSING_IMAGE_TAG = 'image-tag-not-set';
/** Pinned X-Ray daemon; bump deliberately (release notes: github.com/aws/aws-xray-daemon). */
export const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:3.6.0';
/** The `node` user of the official Node.js image (see the Dockerfile); never root. */
const APP_USER = '1000:1000';
const XRAY_USER = '1337:1337';

/**
 * The service: ECS Fargate in the private subnets behind an internal HTTPS load balancer
 * guarded by a regional web ACL, deployed blue/green with alarm-driven rollback.
 */
export class ServiceStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  /** No ingress, no egress: the incident playbook swaps a suspect task onto it to isolate it. */
  readonly quarantineSecurityGroup: ec2.SecurityGroup;
  /** The regional web ACL in front of the load balancer, shared with the API stage. */
  readonly webAclArn: string;
  /** The alarms whose ALARM state rolls a deployment back. */
  readonly deploymentAlarms: cloudwatch.Alarm[];
  /** Lets the X-Ray sidecar write traces (attached to the task role). */
  readonly tracingPolicy: iam.ManagedPolicy;
  /** The card-token HMAC key, when cards are on. */
  readonly cardTokenKey?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    // X-Ray accepts no resource-level permissions; a customer-managed policy keeps it reviewable.
    this.tracingPolicy = new iam.ManagedPolicy(this, 'TracingPolicy', {
      description: 'Lets the X-Ray daemon sidecar send trace segments and read sampling rules',
      statements: [new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
        resources: ['*'],
      })],
    });
    // HMAC key of the card tokens: 64 alphanumeric characters, which are valid base64 and
    // decode to 48 bytes (~380 bits of entropy), above the 32 bytes the service requires.
    this.cardTokenKey = props.cards ? new secretsmanager.Secret(this, 'CardTokenKey', {
      description: 'HMAC key of the card tokens (CARD_TOKEN_KEY)',
      encryptionKey: props.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    }) : undefined;

    const taskDefinition = this.taskDefinition(props);

    // Load balancer: internal only (API Gateway reaches it through its VPC link), TLS 1.2+,
    // malformed headers dropped, every request logged, and no listener open to the world.
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Internal load balancer: ingress only from the API VPC link, egress only to the service tasks',
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: privateSubnets,
      internetFacing: false,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    this.loadBalancer.logAccessLogs(props.accessLogs, 'service-alb');

    // A public certificate (DNS validation: the owner of the domain adds the CNAME ACM asks for)
    // because API Gateway verifies the load balancer's certificate against the integration host.
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: `internal.${props.apiDomainName}`,
      validation: acm.CertificateValidation.fromDns(),
    });
    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: '{"status":404}' }),
      open: false,
    });

    // Blue/green: production traffic goes to `blue`; ECS starts the new revision behind `green`,
    // shifts the rule's weights, bakes, and rolls back on the alarms or the circuit breaker.
    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: props.vpc,
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      // Readiness, not liveness: a task that cannot reach the database gets no traffic.
      healthCheck: { path: '/ready', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    };
    const blue = new elbv2.ApplicationTargetGroup(this, 'Blue', targetGroupProps);
    const green = new elbv2.ApplicationTargetGroup(this, 'Green', targetGroupProps);
    const productionRule = new elbv2.ApplicationListenerRule(this, 'ProductionRule', {
      listener: this.listener,
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 100 }, { targetGroup: green, weight: 0 }]),
    });
    this.deploymentAlarms = this.alarms(blue, green);

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Service tasks: ingress from the load balancer only; egress to the database and HTTPS',
    });
    // ECR, Secrets Manager, CloudWatch Logs, X-Ray and the Cognito/Entra ID signing keys (JWKS).
    serviceSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and the token issuers');

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: privateSubnets,
      assignPublicIp: false,
      securityGroups: [serviceSecurityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
      bakeTime: Duration.minutes(10),
      circuitBreaker: { enable: true, rollback: true },
      deploymentAlarms: {
        alarmNames: this.deploymentAlarms.map((alarm) => alarm.alarmName),
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableExecuteCommand: false,
    });
    this.service
      .loadBalancerTarget({
        containerName: 'app',
        containerPort: CONTAINER_PORT,
        alternateTarget: new ecs.AlternateTarget('Green', {
          alternateTargetGroup: green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
        }),
      })
      .attachToApplicationTargetGroup(blue);
    this.service.connections.allowFrom(this.loadBalancer, ec2.Port.tcp(CONTAINER_PORT), 'Load balancer to the service');
    // Declared from the service's side so both rules live in this stack (database.connections
    // .allowDefaultPortFrom would put the ingress rule in the data stack: a cross-stack cycle).
    this.service.connections.allowToDefaultPort(props.database, 'Service tasks to the database');

    // Its only egress (to the tasks) references a security group, which CDK renders as a separate
    // resource; without an inline rule CloudFormation would keep the default allow-all egress.
    albSecurityGroup.addEgressRule(ec2.Peer.ipv4('255.255.255.255/32'), ec2.Port.icmpTypeAndCode(252, 86), 'Matches no traffic: removes the default egress');

    this.webAclArn = this.webAcl(this.loadBalancer, props.logsKey);

    this.quarantineSecurityGroup = new ec2.SecurityGroup(this, 'Quarantine', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Quarantine: no ingress and no egress; isolates a suspect task for forensics',
    });
  }

  private taskDefinition(props: ServiceStackProps): ecs.FargateTaskDefinition {
    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Graviton (ARM64): about 20% cheaper than x86 for the same work, and the service is pure
    // JavaScript/WebAssembly, so nothing native needs porting. CI builds `--platform linux/arm64`.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      volumes: [{ name: 'tmp' }],
    });
    taskDefinition.taskRole.addManagedPolicy(this.tracingPolicy);

    const app = taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, this.imageTag()),
      essential: true,
      user: APP_USER,
      readonlyRootFilesystem: true,
      memoryLimitMiB: 768,
      portMappings: [{ containerPort: CONTAINER_PORT, name: 'http' }],
      environment: {
        HOST: '0.0.0.0',
        PORT: String(CONTAINER_PORT),
        LOG_LEVEL: 'info',
        // A connection string without credentials or host: node-postgres fills the missing parts
        // from PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD (libpq's convention), which are
        // injected below from the database secret, field by field. The URL therefore never holds
        // the password, and a rotated password reaches every task started after the rotation.
        // verify-full checks the server certificate against the RDS CA bundle the image trusts
        // (NODE_EXTRA_CA_CERTS in the Dockerfile) and the host name, so traffic is TLS end to end.
        DATABASE_URL: 'postgresql://?sslmode=verify-full',
        // There is no other path into the private database; the migrator takes a lock, so
        // tasks starting together apply each migration once.
        MIGRATE_ON_START: 'true',
        // Identifiers, not secrets: the service verifies customer access tokens against this pool.
        COGNITO_USER_POOL_ID: props.userPoolId,
        COGNITO_CLIENT_ID: props.userPoolClientId,
      },
      secrets: this.secrets(props, taskDefinition),
      healthCheck: {
        command: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${CONTAINER_PORT}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
      linuxParameters: new ecs.LinuxParameters(this, 'AppLinuxParameters', { initProcessEnabled: true }),
      stopTimeout: Duration.seconds(30),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
    });
    app.linuxParameters?.dropCapabilities(ecs.Capability.ALL);
    // The root filesystem is read-only; /tmp is a task-scoped scratch volume.
    app.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });

    // Non-essential: losing traces must not take the service down.
    const xray = taskDefinition.addContainer('xray-daemon', {
      image: ecs.ContainerImage.fromRegistry(XRAY_DAEMON_IMAGE),
      essential: false,
      user: XRAY_USER,
      readonlyRootFilesystem: true,
      cpu: 32,
      memoryLimitMiB: 128,
      portMappings: [{ containerPort: 2000, protocol: ecs.Protocol.UDP, name: 'xray' }],
      linuxParameters: new ecs.LinuxParameters(this, 'XrayLinuxParameters', { initProcessEnabled: true }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'xray' }),
    });
    xray.linuxParameters?.dropCapabilities(ecs.Capability.ALL);
    return taskDefinition;
  }

  /** Everything secret comes from Secrets Manager at task start; nothing secret is in the template. */
  private secrets(props: ServiceStackProps, taskDefinition: ecs.FargateTaskDefinition): Record<string, ecs.Secret> {
    const databaseSecret = props.database.secret;
    if (databaseSecret === undefined) {
      throw new Error('The database must have a credentials secret (Secrets Manager) for the service to connect with.');
    }
    // The secrets are referenced by ARN and their keys granted here, on the execution role: granting
    // through the data stack's key would write this stack's role into that key's policy (a cycle).
    const reference = (id: string, secret: secretsmanager.ISecret) =>
      secretsmanager.Secret.fromSecretAttributes(this, id, { secretCompleteArn: secret.secretArn });
    const keys = [...new Set([props.dataKey, databaseSecret.encryptionKey].filter((key) => key !== undefined))];
    taskDefinition.obtainExecutionRole().addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: keys.map((key) => key.keyArn),
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
    }));
    const database = reference('DatabaseSecret', databaseSecret);
    const field = (name: string) => ecs.Secret.fromSecretsManager(database, name);
    const secrets: Record<string, ecs.Secret> = {
      PGHOST: field('host'),
      PGPORT: field('port'),
      PGDATABASE: field('dbname'),
      PGUSER: field('username'),
      PGPASSWORD: field('password'),
    };
    if (this.cardTokenKey !== undefined) {
      secrets.CARD_TOKEN_KEY = ecs.Secret.fromSecretsManager(reference('CardTokenKeySecret', this.cardTokenKey));
    }
    return secrets;
  }

  private imageTag(): string {
    const tag: unknown = this.node.tryGetContext(IMAGE_TAG_CONTEXT);
    if (tag === undefined) {
      Annotations.of(this).addWarningV2('bank:imageTagMissing',
        `No image tag: pass -c ${IMAGE_TAG_CONTEXT}=<git sha> to deploy. Synthesizing with '${MISSING_IMAGE_TAG}', which never exists.`);
      return MISSING_IMAGE_TAG;
    }
    // ECR's tag grammar; rejects an empty or malformed value before anything is deployed.
    if (typeof tag !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
      throw new Error(`Context ${IMAGE_TAG_CONTEXT} must be an image tag such as a git SHA, got ${JSON.stringify(tag)}.`);
    }
    return tag;
  }

  /**
   * Rollback alarms over both target groups (traffic moves between them during a deployment)
   * and the load balancer: metrics of the service itself would make a circular reference.
   */
  private alarms(blue: elbv2.ApplicationTargetGroup, green: elbv2.ApplicationTargetGroup): cloudwatch.Alarm[] {
    const period = Duration.minutes(1);
    const errors = new cloudwatch.MathExpression({
      label: 'Target and load balancer 5XX',
      expression: 'FILL(blue, 0) + FILL(green, 0) + FILL(elb, 0)',
      period,
      usingMetrics: {
        blue: blue.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        green: green.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        elb: this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period, statistic: 'Sum' }),
      },
    });
    const unhealthy = new cloudwatch.MathExpression({
      label: 'Unhealthy targets',
      expression: 'MAX([FILL(blue, 0), FILL(green, 0)])',
      period,
      usingMetrics: {
        blue: blue.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
        green: green.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
      },
    });
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) => new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    return [
      alarm('ServerErrorsAlarm', errors, 5, '5XX answers from the service or the load balancer: rolls a deployment back'),
      alarm('UnhealthyTargetsAlarm', unhealthy, 1, 'Targets failing the readiness check: rolls a deployment back'),
    ];
  }

  /** Regional web ACL: AWS managed rules plus a rate limit, logged (KMS-encrypted), on the load balancer. */
  private webAcl(loadBalancer: elbv2.ApplicationLoadBalancer, logsKey: kms.IKey): string {
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty =>
      ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('bank-service-regional'),
      rules: [
        {
          // Behind CloudFront and the VPC link the socket peer is a proxy; the first
          // X-Forwarded-For address is the client. The service's own per-caller limit is finer.
          name: 'RateLimitPerClient',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: 2000,
              evaluationWindowSec: 300,
              aggregateKeyType: 'FORWARDED_IP',
              forwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH' },
            },
          },
          visibilityConfig: visibility('RateLimitPerClient'),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managed('AWSManagedRulesSQLiRuleSet', 3),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclLoadBalancer', { resourceArn: loadBalancer.loadBalancerArn, webAclArn: webAcl.attrArn });

    const wafLogs = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName: `aws-waf-logs-${this.stackName}`,
      encryptionKey: logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [this.formatArn({
        service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: wafLogs.logGroupName,
      })],
      // Bearer tokens and cookies are credentials: never written to the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    return webAcl.attrArn;
  }
}
