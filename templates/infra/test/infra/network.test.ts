import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT, synthesisContext } from '../../infra/app';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

/** The zones of the home region, as committed in cdk.context.json. */
const ZONES = synthesisContext()[`availability-zones:account=${ENVIRONMENT.account}:region=${ENVIRONMENT.region}`] as string[];

describe('network stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let network: Template;
  let subnets: Record<string, Resource>;

  /** Logical ids of the subnets of one type ('Public', 'Private', 'Isolated'). */
  const subnetIds = (type: string) => Object.entries(subnets)
    .filter(([, subnet]) => (subnet.Properties.Tags as Array<{ Key: string; Value: string }>)
      .some((tag) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === type))
    .map(([id]) => id)
    .sort();

  /** Logical ids of the route tables of the given subnets. */
  const routeTablesOf = (subnetLogicalIds: string[]) => Object.values(network.findResources('AWS::EC2::SubnetRouteTableAssociation'))
    .filter((association) => subnetLogicalIds.includes((association.Properties.SubnetId as { Ref: string }).Ref))
    .map((association) => (association.Properties.RouteTableId as { Ref: string }).Ref)
    .sort();

  beforeAll(() => {
    infra = buildInfra();
    network = Template.fromStack(infra.network);
    subnets = network.findResources('AWS::EC2::Subnet') as Record<string, Resource>;
  });

  afterAll(() => infra.dispose());

  it('spans the three committed availability zones with public, private and isolated subnets in each', () => {
    expect(ZONES).toHaveLength(3);
    expect(infra.network.vpc.availabilityZones).toEqual(ZONES);
    for (const type of ['Public', 'Private', 'Isolated']) {
      const ids = subnetIds(type);
      expect(ids).toHaveLength(3);
      expect(ids.map((id) => subnets[id].Properties.AvailabilityZone).sort()).toEqual([...ZONES].sort());
    }
    expect(Object.keys(subnets)).toHaveLength(9);
  });

  it('never gives a public IP address on launch, not even in the public subnets', () => {
    for (const subnet of Object.values(subnets)) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('has one NAT gateway per zone, each in a public subnet, as the private subnets\' only way out', () => {
    const natGateways = network.findResources('AWS::EC2::NatGateway');
    expect(Object.keys(natGateways)).toHaveLength(3);
    expect(Object.values(natGateways).map((nat) => (nat.Properties.SubnetId as { Ref: string }).Ref).sort()).toEqual(subnetIds('Public'));

    const routes = Object.values(network.findResources('AWS::EC2::Route'));
    const defaultRouteTables = (target: string) => routes
      .filter((route) => route.Properties.DestinationCidrBlock === '0.0.0.0/0' && target in route.Properties)
      .map((route) => (route.Properties.RouteTableId as { Ref: string }).Ref)
      .sort();
    expect(defaultRouteTables('NatGatewayId')).toEqual(routeTablesOf(subnetIds('Private')));
    expect(defaultRouteTables('GatewayId')).toEqual(routeTablesOf(subnetIds('Public')));
    // The isolated subnets have no route out at all.
    const isolatedTables = routeTablesOf(subnetIds('Isolated'));
    expect(routes.filter((route) => isolatedTables.includes((route.Properties.RouteTableId as { Ref: string }).Ref))).toEqual([]);
  });

  it('rotates the logs key and lets CloudWatch Logs use it only for this account\'s log groups in the home region', () => {
    const keyId = network.getResourceId('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } });
    const key = network.findResources('AWS::KMS::Key')[keyId];
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
      Effect: 'Allow',
      Principal: { Service: `logs.${ENVIRONMENT.region}.amazonaws.com` },
      Action: expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
      Resource: '*',
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${ENVIRONMENT.region}:${ENVIRONMENT.account}:log-group:*` },
      },
    });
    // Control Tower CT.KMS.PR.3: grants only for AWS services.
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
  });

  it('records all VPC traffic in a flow log group encrypted with the logs key and kept a year', () => {
    const logGroupId = network.getResourceId('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: { 'Fn::GetAtt': [network.getResourceId('AWS::KMS::Key'), 'Arn'] }, RetentionInDays: 365 },
    });
    expect(network.findResources('AWS::Logs::LogGroup')[logGroupId].DeletionPolicy).toBe('Retain');
    network.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: { Ref: network.getResourceId('AWS::EC2::VPC') },
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: logGroupId },
      DeliverLogsPermissionArn: Match.anyValue(),
    });
    // The delivery role is for this account's flow logs only, with a customer-managed policy on that log group.
    network.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': ENVIRONMENT.account } },
        })],
      },
    });
    network.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } })] },
    });
  });

  it('closes the default security group', () => {
    network.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [network.getResourceId('AWS::EC2::VPC'), 'DefaultSecurityGroup'] },
    });
  });

  it.each([
    ['ECR API', 'ecr.api'],
    ['ECR Docker', 'ecr.dkr'],
    ['Secrets Manager', 'secretsmanager'],
    ['CloudWatch Logs', 'logs'],
  ])('reaches %s through an interface endpoint in the private subnets with private DNS', (_name, service) => {
    network.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: `com.amazonaws.${ENVIRONMENT.region}.${service}`,
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      SubnetIds: subnetIds('Private').map((id) => ({ Ref: id })),
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^EndpointSecurityGroup'), 'GroupId'] }],
    });
  });

  it('reaches S3 through a gateway endpoint on the private and isolated route tables', () => {
    const [endpoint] = Object.values(network.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] } },
    }));
    expect(endpoint.Properties.VpcEndpointType).toBe('Gateway');
    expect(endpoint.Properties.SubnetIds).toBeUndefined();
    expect(endpoint.Properties.RouteTableIds.map((table: { Ref: string }) => table.Ref).sort())
      .toEqual(routeTablesOf([...subnetIds('Private'), ...subnetIds('Isolated')]));
  });

  it('denies by default: the endpoints admit HTTPS from inside the VPC only and send nothing out', () => {
    const groups = Object.values(network.findResources('AWS::EC2::SecurityGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.0.0.0/16', Description: 'HTTPS from inside the VPC', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' },
    ]);
    expect(groups[0].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    network.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    network.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
  });

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    expect(pack.validateScope(infra.network).violations).toEqual([]);
  });
});
