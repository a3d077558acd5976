/**
 * The one definition of the blueprint's options.
 *
 * Everything that asks for or checks an option derives from this table: the `projen new`
 * switches (through the generated `.jsii` manifest), the runtime validation in
 * `resolveOptions`, the TypeScript type of `BankServiceOptions`, and the Backstage form.
 * Adding an option here adds it everywhere; tests prove the derived views agree.
 */
import { AWS_REGIONS } from './aws-regions';
import { parseCron } from './cron';
import { ISO_4217_MINOR_UNITS } from './currencies';

/** The JSON types an option can take; all of them are expressible as CLI switches. */
export type OptionKind = 'string' | 'boolean' | 'string-list';

type ValueOfKind<K extends OptionKind> = K extends 'string' ? string : K extends 'boolean' ? boolean : readonly string[];

/** One option: how it is documented, what it defaults to, and what values it allows. */
export interface OptionDefinition<K extends OptionKind = OptionKind> {
  readonly kind: K;
  /** Short label, used as the Backstage form field title. */
  readonly title: string;
  /** One sentence, shown in `projen new --help`, in `.projenrc.ts` hints and in the form. */
  readonly description: string;
  readonly default: ValueOfKind<K>;
  /** The allowed form in words; every refusal message quotes it. */
  readonly allowed: string;
  /** A regular expression a string (or every list item) must match in full. */
  readonly pattern?: RegExp;
  /** The closed set of values a string (or every list item) must come from. */
  readonly choices?: readonly string[];
  /** A check beyond pattern and choices; returns a reason when the value is refused. */
  readonly check?: (value: ValueOfKind<K>) => string | undefined;
}

const KEBAB_CASE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,39}$/;
// Backstage entity reference: [<kind>:][<namespace>/]<name>
const ENTITY_REF = /^(?:[a-z][a-z0-9]*:)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\/)?[a-z0-9A-Z](?:[a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?$/;

/** The compliance frameworks a service can be held to; each selects controls and evidence. */
export const COMPLIANCE_FRAMEWORKS = ['pci-dss', 'nist-800-53', 'iso-27001', 'gdpr', 'nist-csf'] as const;

function option<K extends OptionKind>(definition: OptionDefinition<K>): OptionDefinition<K> {
  return definition;
}

export const OPTIONS = {
  serviceName: option({
    kind: 'string',
    title: 'Service name',
    description: 'Name of the service: npm package, Backstage component, CloudFormation stack prefix.',
    default: 'bank-service',
    allowed: 'kebab-case: 3-40 lowercase letters, digits and single hyphens, starting with a letter (e.g. "bank-service")',
    pattern: KEBAB_CASE,
  }),
  description: option({
    kind: 'string',
    title: 'Description',
    description: 'One-line description of the service for package.json, README and the Backstage catalog.',
    default: 'Core banking service: accounts, double-entry ledger, transfers, loans and cards.',
    allowed: 'one line of 1-200 printable characters',
    pattern: /^[^\u0000-\u001f\u007f]{1,200}$/,
    check: (value) => (value.trim() === value ? undefined : 'it has leading or trailing spaces'),
  }),
  owner: option({
    kind: 'string',
    title: 'Owner',
    description: 'Backstage entity reference of the owning team.',
    default: 'group:default/platform-team',
    allowed: 'a Backstage entity reference [<kind>:][<namespace>/]<name> (e.g. "group:default/payments-team")',
    pattern: ENTITY_REF,
  }),
  system: option({
    kind: 'string',
    title: 'System',
    description: 'Backstage entity reference of the system the service belongs to.',
    default: 'system:default/core-banking',
    allowed: 'a Backstage entity reference [<kind>:][<namespace>/]<name> (e.g. "system:default/core-banking")',
    pattern: ENTITY_REF,
  }),
  awsAccountId: option({
    kind: 'string',
    title: 'AWS account id',
    description: 'AWS account the service deploys to.',
    default: '123456789012',
    allowed: 'a 12-digit AWS account id (e.g. "123456789012")',
    pattern: /^\d{12}$/,
  }),
  awsRegion: option({
    kind: 'string',
    title: 'AWS region',
    description: 'AWS region the service deploys to.',
    default: 'eu-central-1',
    allowed: `a commercial AWS region (${AWS_REGIONS.join(', ')})`,
    choices: AWS_REGIONS,
  }),
  baseCurrency: option({
    kind: 'string',
    title: 'Base currency',
    description: 'ISO 4217 code of the currency accounts open in by default.',
    default: 'EUR',
    allowed: 'an active ISO 4217 currency code in upper case (e.g. "EUR", "USD", "GBP")',
    choices: Object.keys(ISO_4217_MINOR_UNITS),
  }),
  loans: option({
    kind: 'boolean',
    title: 'Loans',
    description: 'Include loans: issue, amortization schedule, repayments and the nightly repayment batch.',
    default: true,
    allowed: 'true or false',
  }),
  cards: option({
    kind: 'boolean',
    title: 'Cards',
    description: 'Include payment cards: issue, freeze and unfreeze, tokenized card numbers.',
    default: true,
    allowed: 'true or false',
  }),
  repaymentSchedule: option({
    kind: 'string',
    title: 'Repayment schedule',
    description: 'When the nightly loan repayment batch runs, as a five-field cron expression.',
    default: '30 2 * * *',
    allowed: 'a five-field cron expression "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *")',
    check: (value) => {
      try {
        parseCron(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  }),
  repaymentTimeZone: option({
    kind: 'string',
    title: 'Repayment time zone',
    description: 'IANA time zone the repayment schedule is read in.',
    default: 'Europe/Berlin',
    allowed: 'a canonical IANA time zone name (e.g. "Europe/Berlin", "America/New_York", "UTC")',
    check: (value) => (isCanonicalTimeZone(value) ? undefined : 'it is not a canonical IANA time zone name'),
  }),
  complianceFrameworks: option({
    kind: 'string-list',
    title: 'Compliance frameworks',
    description: 'Frameworks the service is held to; they select cdk-nag packs, controls and evidence.',
    default: [...COMPLIANCE_FRAMEWORKS],
    allowed: `one or more of ${COMPLIANCE_FRAMEWORKS.join(', ')}, each at most once`,
    choices: COMPLIANCE_FRAMEWORKS,
    check: (value) => {
      if (value.length === 0) {
        return 'it is empty';
      }
      return new Set(value).size === value.length ? undefined : 'it names a framework twice';
    },
  }),
  githubRepository: option({
    kind: 'string',
    title: 'GitHub repository',
    description: 'GitHub repository (owner/name) whose workflows may assume the deploy role through OIDC.',
    default: 'acme-bank/bank-service',
    allowed: 'owner/name, as in "acme-bank/bank-service" (owner: letters, digits, single hyphens; name: letters, digits, ".", "_", "-")',
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
  }),
  apiDomainName: option({
    kind: 'string',
    title: 'API domain name',
    description: 'DNS name customers reach the API under; its certificates are validated through DNS at deploy time.',
    default: 'api.bank.example.com',
    allowed: 'a lower-case DNS name of at least two labels (e.g. "api.bank.example.com")',
    pattern: /^(?=.{4,200}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  }),
  deployEnvironment: option({
    kind: 'string',
    title: 'Deploy environment',
    description: 'GitHub environment (with its required reviewers) whose workflow runs may assume the deploy role.',
    default: 'production',
    allowed: 'a GitHub environment name: 1-100 letters, digits, ".", "_" or "-" (e.g. "production")',
    pattern: /^[A-Za-z0-9._-]{1,100}$/,
  }),
  shieldAdvanced: option({
    kind: 'boolean',
    title: 'Shield Advanced',
    description: 'Protect the CloudFront distribution with AWS Shield Advanced (needs the account\'s paid Shield Advanced subscription).',
    default: false,
    allowed: 'true or false',
  }),
  staffOidcIssuer: option({
    kind: 'string',
    title: 'Staff OIDC issuer',
    description: 'Issuer URL of the staff identity provider (Entra ID in production).',
    default: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    allowed: 'an https:// URL without query or fragment (e.g. "https://login.microsoftonline.com/<tenant-id>/v2.0")',
    check: (value) => checkIssuerUrl(value),
  }),
};

/** The option names, in the order the table declares them. */
export type OptionName = keyof typeof OPTIONS;

type ValueOf<D> = D extends OptionDefinition<infer K> ? ValueOfKind<K> : never;

/** Every option with its value: what the project and templates work from. */
export type ResolvedBankServiceOptions = { readonly [N in OptionName]: ValueOf<(typeof OPTIONS)[N]> };

/** The options as a caller gives them: each may be left out to take its default. */
export type BankServiceOptionValues = Partial<ResolvedBankServiceOptions>;

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

function isCanonicalTimeZone(value: string): boolean {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone === value;
  } catch {
    return false;
  }
}

function checkIssuerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol !== 'https:') {
    return 'it does not use https';
  }
  if (url.search || url.hash || url.username || url.password) {
    return 'it carries a query, fragment or credentials';
  }
  return undefined;
}
