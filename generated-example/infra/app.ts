import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Environment, Tags } from 'aws-cdk-lib';
import { applyCompliancePacks } from './nag';
import { acknowledgeFindings } from './nag-suppressions';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { DeployAccessStack } from './stacks/deploy-access-stack';
import { EdgeFirewallStack } from './stacks/edge-firewall-stack';
import { EdgeStack } from './stacks/edge-stack';
import { GovernanceStack } from './stacks/governance-stack';
import { IdentityStack } from './stacks/identity-stack';
import { NetworkStack } from './stacks/network-stack';
import { ServiceStack } from './stacks/service-stack';

/** Where the service deploys; fixed when the service was generated. */
export const ENVIRONMENT: Required<Environment> = {
  account: '123456789012',
  region: 'eu-central-1',
};

/** CloudFront's web ACL must live in us-east-1, whatever the service's home region. */
export const EDGE_ENVIRONMENT: Required<Environment> = { account: ENVIRONMENT.account, region: 'us-east-1' };

export const SERVICE_NAME = 'bank-service';

/** What the generator's options decided for the infrastructure. */
export const SETTINGS = {
  apiDomainName: 'api.bank.example.com',
  githubRepository: 'acme-bank/bank-service',
  deployEnvironment: 'production',
  staffOidcIssuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  cards: true,
  loans: true,
  shieldAdvanced: false,
} as const;

/**
 * Context every synthesis uses, in tests and in `cdk synth` alike: the feature flags of
 * cdk.json and the committed lookups of cdk.context.json (so nothing is looked up in AWS).
 */
export function synthesisContext(): Record<string, unknown> {
  const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', file), 'utf-8')) as Record<string, unknown>;
  const { context } = read('cdk.json') as { context: Record<string, unknown> };
  return { ...context, ...read('cdk.context.json') };
}

export interface InfraApp {
  readonly app: App;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly deployAccess: DeployAccessStack;
  readonly identity: IdentityStack;
  readonly service: ServiceStack;
  readonly api: ApiStack;
  readonly edgeFirewall: EdgeFirewallStack;
  readonly edge: EdgeStack;
  readonly governance: GovernanceStack;
}

/**
 * Builds the CDK app: one stack per concern, cost-allocation tags on everything, the
 * compliance packs and their reviewed acknowledgements. Tests call this; `infra/main.ts`
 * synthesizes it. The nightly repayment batch will land as its own stack beside the service.
 */
export function createInfraApp(outdir?: string): InfraApp {
  const app = new App({ outdir, context: synthesisContext() });
  const stack = (concern: string, description: string) => ({
    env: ENVIRONMENT,
    stackName: `${SERVICE_NAME}-${concern}`,
    description: `${SERVICE_NAME}: ${description}`,
  });

  const network = new NetworkStack(app, 'BankServiceNetwork', stack('network', 'VPC, subnets, endpoints and flow logs'));
  const data = new DataStack(app, 'BankServiceData', {
    ...stack('data', 'encryption keys, Aurora PostgreSQL and document storage'),
    vpc: network.vpc,
    logsKey: network.logsKey,
  });
  const deployAccess = new DeployAccessStack(app, 'BankServiceDeployAccess', {
    ...stack('deploy-access', 'container registry and the GitHub deploy role'),
    githubRepository: SETTINGS.githubRepository,
    deployEnvironment: SETTINGS.deployEnvironment,
  });
  const identity = new IdentityStack(app, 'BankServiceIdentity', {
    ...stack('identity', 'Cognito user pool with MFA and threat protection, staff federation'),
    staffOidcIssuer: SETTINGS.staffOidcIssuer,
  });
  const service = new ServiceStack(app, 'BankServiceService', {
    ...stack('service', 'ECS Fargate service behind an internal load balancer'),
    vpc: network.vpc,
    logsKey: network.logsKey,
    dataKey: data.dataKey,
    database: data.database,
    accessLogs: data.accessLogs,
    repository: deployAccess.repository,
    apiDomainName: SETTINGS.apiDomainName,
    cards: SETTINGS.cards,
    userPoolId: identity.userPool.userPoolId,
    userPoolClientId: identity.userPoolClient.userPoolClientId,
  });
  const api = new ApiStack(app, 'BankServiceApi', {
    ...stack('api', 'API Gateway, Cognito and the regional web ACL'),
    vpc: network.vpc,
    logsKey: network.logsKey,
    loadBalancer: service.loadBalancer,
    listener: service.listener,
    webAclArn: service.webAclArn,
    apiDomainName: SETTINGS.apiDomainName,
    userPool: identity.userPool,
  });
  const edgeFirewall = new EdgeFirewallStack(app, 'BankServiceEdgeFirewall', {
    ...stack('edge-firewall', 'the CloudFront web ACL (us-east-1)'),
    env: EDGE_ENVIRONMENT,
    apiDomainName: SETTINGS.apiDomainName,
  });
  const edge = new EdgeStack(app, 'BankServiceEdge', {
    ...stack('edge', 'CloudFront in front of the API'),
    api: api.restApi,
    webAclArn: edgeFirewall.webAclArn,
    certificate: edgeFirewall.certificate,
    apiDomainName: SETTINGS.apiDomainName,
    accessLogs: data.accessLogs,
    shieldAdvanced: SETTINGS.shieldAdvanced,
  });
  const governance = new GovernanceStack(app, 'BankServiceGovernance', {
    ...stack('governance', 'audit trail, detective controls, alerts, incident playbook and budget'),
    vpc: network.vpc,
    logsKey: network.logsKey,
    dataKey: data.dataKey,
    documents: data.documents,
    accessLogs: data.accessLogs,
    cluster: service.cluster,
    quarantineSecurityGroup: service.quarantineSecurityGroup,
  });
  edge.addStackDependency(edgeFirewall);

  Tags.of(app).add('service', SERVICE_NAME);
  Tags.of(app).add('owner', 'group:default/platform-team');
  Tags.of(app).add('data-classification', 'confidential');
  const infra = { app, network, data, deployAccess, identity, service, api, edgeFirewall, edge, governance };
  acknowledgeFindings(infra);
  applyCompliancePacks(app);
  return infra;
}
