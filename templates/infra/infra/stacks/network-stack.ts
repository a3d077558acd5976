import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LOG_RETENTION, restrictGrantsToAwsServices } from '../controls';

/** The VPC's address range, literal so that security group rules referring to it stay reviewable (and checkable). */
const VPC_CIDR = '10.0.0.0/16';

/** The interface endpoints the workloads reach AWS through, so their traffic to these services never leaves the VPC. */
const INTERFACE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
};

/**
 * The network: a VPC over the three availability zones of the home region (taken from the
 * committed cdk.context.json, never looked up), with public subnets for the NAT gateways only,
 * private subnets with egress for the workloads and isolated subnets for the database. All
 * traffic is recorded in flow logs, the default security group admits nothing, and AWS services
 * are reached through VPC endpoints. Also owns the key that encrypts every CloudWatch log group.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly logsKey: kms.Key;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.logsKey = this.createLogsKey();

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 3,
      // One NAT gateway per zone: losing a zone does not cut the other zones off.
      natGateways: 3,
      // Closes the default security group (no ingress, no egress), so nothing can fall back on it.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Only the NAT gateways live here; nothing launched into them gets a public address by default.
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        // No route to the internet at all: the database tier.
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    this.addFlowLogs();
    this.addEndpoints();
  }

  /** Customer-managed, rotated key for every log group; CloudWatch Logs may use it only for this account's log groups. */
  private createLogsKey(): kms.Key {
    const key = new kms.Key(this, 'LogsKey', {
      description: 'Encrypts the CloudWatch log groups of the service',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
      },
    }));
    restrictGrantsToAwsServices(key);
    return key;
  }

  /** Every accepted and rejected flow, kept a year (PCI DSS 10.7), encrypted with the logs key. */
  private addFlowLogs(): void {
    const logGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: this.logsKey,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'FlowLogsRole', {
      description: 'Lets VPC Flow Logs deliver to the flow log group',
      // Confused-deputy guard: only flow logs of this account may assume the role.
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    // A reviewed customer-managed policy instead of the inline policy the destination would add.
    new iam.ManagedPolicy(this, 'FlowLogsDelivery', {
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroup.logGroupArn],
      })],
    });
    this.vpc.addFlowLog('FlowLog', {
      trafficType: ec2.FlowLogTrafficType.ALL,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
    });
  }

  /**
   * Interface endpoints in the private subnets, reachable only over HTTPS from inside the VPC,
   * and the S3 gateway endpoint for the private and isolated route tables.
   */
  private addEndpoints(): void {
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.HTTPS, 'HTTPS from inside the VPC');

    for (const [id, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(id, {
        service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [securityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      });
    }
    this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
  }
}
