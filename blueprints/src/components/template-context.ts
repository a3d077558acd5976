import { toEventBridgeCron } from '../options/cron';
import { ISO_4217_MINOR_UNITS } from '../options/currencies';
import type { ResolvedBankServiceOptions } from '../options/definition';

/** The cdk-nag packs a compliance framework brings in; AwsSolutions always applies. */
const NAG_PACKS_BY_FRAMEWORK: Readonly<Record<string, readonly string[]>> = {
  'pci-dss': ['PCIDSS321Checks'],
  'nist-800-53': ['NIST80053R5Checks'],
  'iso-27001': [],
  'gdpr': [],
  'nist-csf': [],
};

/**
 * Everything templates may print, computed once from the resolved options. Templates only
 * place these values; they never derive new ones.
 */
export interface TemplateContext {
  readonly service: {
    readonly name: string;
    readonly description: string;
    readonly owner: string;
    readonly system: string;
    /** PascalCase form of the name, for CloudFormation stack ids. */
    readonly stackPrefix: string;
    /** Audience staff access tokens are issued for. */
    readonly staffAudience: string;
    /** DNS name of the public API. */
    readonly apiDomainName: string;
  };
  readonly aws: { readonly accountId: string; readonly region: string; readonly availabilityZones: readonly string[] };
  readonly currency: {
    readonly code: string;
    readonly minorUnits: number;
    /** Every active ISO 4217 code with its minor-unit digits, for the service's own validation. */
    readonly table: Readonly<Record<string, number>>;
  };
  readonly features: { readonly loans: boolean; readonly cards: boolean; readonly shieldAdvanced: boolean };
  readonly repayment: { readonly cron: string; readonly eventBridgeCron: string; readonly timeZone: string };
  readonly compliance: { readonly frameworks: readonly string[]; readonly nagPacks: readonly string[] };
  readonly github: { readonly repository: string; readonly deployEnvironment: string };
  readonly staff: { readonly oidcIssuer: string };
  readonly node: { readonly major: number };
}

export const NODE_MAJOR = 24;

export function buildTemplateContext(options: ResolvedBankServiceOptions): TemplateContext {
  const nagPacks = ['AwsSolutionsChecks', ...options.complianceFrameworks.flatMap((f) => NAG_PACKS_BY_FRAMEWORK[f])];
  return {
    service: {
      name: options.serviceName,
      description: options.description,
      owner: options.owner,
      system: options.system,
      stackPrefix: options.serviceName.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join(''),
      staffAudience: `api://${options.serviceName}`,
      apiDomainName: options.apiDomainName,
    },
    aws: { accountId: options.awsAccountId, region: options.awsRegion, availabilityZones: availabilityZones(options.awsRegion) },
    currency: { code: options.baseCurrency, minorUnits: ISO_4217_MINOR_UNITS[options.baseCurrency], table: ISO_4217_MINOR_UNITS },
    features: { loans: options.loans, cards: options.cards, shieldAdvanced: options.shieldAdvanced },
    repayment: {
      cron: options.repaymentSchedule,
      eventBridgeCron: toEventBridgeCron(options.repaymentSchedule),
      timeZone: options.repaymentTimeZone,
    },
    compliance: { frameworks: [...options.complianceFrameworks], nagPacks: [...new Set(nagPacks)] },
    github: { repository: options.githubRepository, deployEnvironment: options.deployEnvironment },
    staff: { oidcIssuer: options.staffOidcIssuer },
    node: { major: NODE_MAJOR },
  };
}

/**
 * Availability zones written into `cdk.context.json`, so synthesis never looks them up.
 * Most regions name their first three zones a, b and c; the exceptions are listed.
 */
const ZONE_LETTERS: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'us-west-1': ['a', 'b'],
};

function availabilityZones(region: string): string[] {
  return (ZONE_LETTERS[region] ?? ['a', 'b', 'c']).map((letter) => `${region}${letter}`);
}
