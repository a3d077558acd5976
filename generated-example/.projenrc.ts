import { BankServiceProject } from 'bank-blueprints';

const project = new BankServiceProject({
  // Name of the service: npm package, Backstage component, CloudFormation stack prefix.
  serviceName: 'bank-service',
  // One-line description of the service for package.json, README and the Backstage catalog.
  description: 'Core banking service: accounts, double-entry ledger, transfers, loans and cards.',
  // Backstage entity reference of the owning team.
  owner: 'group:default/platform-team',
  // Backstage entity reference of the system the service belongs to.
  system: 'system:default/core-banking',
  // AWS account the service deploys to.
  awsAccountId: '123456789012',
  // AWS region the service deploys to.
  awsRegion: 'eu-central-1',
  // ISO 4217 code of the currency accounts open in by default.
  baseCurrency: 'EUR',
  // Include loans: issue, amortization schedule, repayments and the nightly repayment batch.
  loans: true,
  // Include payment cards: issue, freeze and unfreeze, tokenized card numbers.
  cards: true,
  // When the nightly loan repayment batch runs, as a five-field cron expression.
  repaymentSchedule: '30 2 * * *',
  // IANA time zone the repayment schedule is read in.
  repaymentTimeZone: 'Europe/Berlin',
  // Frameworks the service is held to; they select cdk-nag packs, controls and evidence.
  complianceFrameworks: ['pci-dss', 'nist-800-53', 'iso-27001', 'gdpr', 'nist-csf'],
  // GitHub repository (owner/name) whose workflows may assume the deploy role through OIDC.
  githubRepository: 'acme-bank/bank-service',
  // DNS name customers reach the API under; its certificates are validated through DNS at deploy time.
  apiDomainName: 'api.bank.example.com',
  // GitHub environment (with its required reviewers) whose workflow runs may assume the deploy role.
  deployEnvironment: 'production',
  // Protect the CloudFront distribution with AWS Shield Advanced (needs the account's paid Shield Advanced subscription).
  shieldAdvanced: false,
  // Issuer URL of the staff identity provider (Entra ID in production).
  staffOidcIssuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  // Extra dev dependencies; the blueprint itself is one.
  devDeps: ['bank-blueprints@^0.1.0'],
});

project.synth();
