import { describe, expect, it } from 'vitest';
import { BlueprintOptionsError, OPTION_NAMES, OPTIONS, resolveOptions } from '../src';

function refusal(input: Record<string, unknown>): BlueprintOptionsError {
  try {
    resolveOptions(input);
  } catch (error) {
    expect(error).toBeInstanceOf(BlueprintOptionsError);
    return error as BlueprintOptionsError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('resolveOptions', () => {
  it('fills every option with its default when none is given', () => {
    const resolved = resolveOptions({});
    expect(Object.keys(resolved)).toEqual(OPTION_NAMES);
    for (const name of OPTION_NAMES) {
      expect(resolved[name]).toEqual(OPTIONS[name].default);
    }
  });

  it('keeps valid values as given', () => {
    const resolved = resolveOptions({
      serviceName: 'payments-core',
      awsRegion: 'us-east-1',
      baseCurrency: 'JPY',
      loans: false,
      repaymentSchedule: '0 3 * * MON-FRI',
      repaymentTimeZone: 'America/New_York',
      complianceFrameworks: ['gdpr'],
      githubRepository: 'acme/payments.core',
      staffOidcIssuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      owner: 'group:finance/payments',
      system: 'core-banking',
      deployEnvironment: 'prod-eu',
      shieldAdvanced: true,
    });
    expect(resolved).toMatchObject({ serviceName: 'payments-core', baseCurrency: 'JPY', loans: false, complianceFrameworks: ['gdpr'], deployEnvironment: 'prod-eu', shieldAdvanced: true });
  });

  it.each([
    ['serviceName', '../x', /serviceName \(--service-name\): "\.\.\/x" is refused because it does not have the allowed form\. Allowed: kebab-case/],
    ['serviceName', 'Bank Service', /serviceName \(--service-name\): "Bank Service" is refused/],
    ['serviceName', 'ab', /serviceName .*"ab" is refused/],
    ['serviceName', 'bank--service', /serviceName .*"bank--service" is refused/],
    ['serviceName', 'bank-service-', /serviceName .*"bank-service-" is refused/],
    ['description', 'two\nlines', /description \(--description\): .* is refused because it does not have the allowed form/],
    ['owner', 'Group:Team X', /owner \(--owner\): "Group:Team X" is refused.*Allowed: a Backstage entity reference/],
    ['system', '', /system \(--system\): "" is refused/],
    ['awsAccountId', '1234', /awsAccountId \(--aws-account-id\): "1234" is refused.*Allowed: a 12-digit AWS account id/],
    ['awsRegion', 'eu-central-3', /awsRegion \(--aws-region\): "eu-central-3" is refused because it is not one of the allowed values\. Allowed: a commercial AWS region \(af-south-1,/],
    ['baseCurrency', 'EUX', /baseCurrency \(--base-currency\): "EUX" is refused because it is not one of the allowed values\. Allowed: an active ISO 4217 currency code/],
    ['baseCurrency', 'eur', /baseCurrency .*"eur" is refused/],
    ['baseCurrency', 'XAU', /baseCurrency .*"XAU" is refused/],
    ['loans', 'true', /loans \(--loans\): "true" is refused because it is a string, not true or false/],
    ['cards', 1, /cards \(--cards\): 1 is refused because it is a number, not true or false/],
    ['repaymentSchedule', '61 2 * * *', /repaymentSchedule \(--repayment-schedule\): "61 2 \* \* \*" is refused because minute field "61" contains 61, outside 0-59\. Allowed: a five-field cron/],
    ['repaymentSchedule', '30 2 * *', /repaymentSchedule .* because expected 5 fields/],
    ['repaymentSchedule', '0 2 1 * MON', /repaymentSchedule .* because day-of-month and day-of-week cannot both be restricted/],
    ['repaymentSchedule', '0 2 * * FUN', /repaymentSchedule .* contains "FUN", which is not a number or a name/],
    ['repaymentSchedule', '0 5-2 * * *', /repaymentSchedule .* has a range that runs backwards/],
    ['repaymentSchedule', '*/0 2 * * *', /repaymentSchedule .* has an invalid step "0"/],
    ['repaymentTimeZone', 'Mars/Olympus_Mons', /repaymentTimeZone \(--repayment-time-zone\): "Mars\/Olympus_Mons" is refused because it is not a canonical IANA time zone name/],
    ['repaymentTimeZone', 'europe/berlin', /repaymentTimeZone .*"europe\/berlin" is refused/],
    ['complianceFrameworks', ['pci-dss', 'sox'], /complianceFrameworks \(--compliance-frameworks\): \["pci-dss","sox"\] is refused because item "sox" is not one of the allowed values\. Allowed: one or more of pci-dss, nist-800-53/],
    ['complianceFrameworks', [], /complianceFrameworks .* because it is empty/],
    ['complianceFrameworks', ['gdpr', 'gdpr'], /complianceFrameworks .* because it names a framework twice/],
    ['complianceFrameworks', 'gdpr', /complianceFrameworks .* because it is a string, not a list of strings/],
    ['githubRepository', 'acme-bank', /githubRepository \(--github-repository\): "acme-bank" is refused.*Allowed: owner\/name/],
    ['githubRepository', 'acme/..', /githubRepository .*"acme\/\.\." is refused/],
    ['staffOidcIssuer', 'http://login.example.com', /staffOidcIssuer \(--staff-oidc-issuer\): "http:\/\/login\.example\.com" is refused because it does not use https/],
    ['staffOidcIssuer', 'not a url', /staffOidcIssuer .* because it is not a URL/],
    ['staffOidcIssuer', 'https://idp.example.com/?tenant=1', /staffOidcIssuer .* because it carries a query, fragment or credentials/],
    ['apiDomainName', 'localhost', /apiDomainName \(--api-domain-name\): "localhost" is refused.*Allowed: a lower-case DNS name/],
    ['apiDomainName', 'API.Bank.com', /apiDomainName .*"API\.Bank\.com" is refused/],
    ['deployEnvironment', 'prod env', /deployEnvironment \(--deploy-environment\): "prod env" is refused.*Allowed: a GitHub environment name/],
    ['deployEnvironment', '', /deployEnvironment .*"" is refused/],
    ['shieldAdvanced', 'yes', /shieldAdvanced \(--shield-advanced\): "yes" is refused/],
  ])('refuses %s = %j, naming the option, its switch and the allowed form', (name, value, message) => {
    const error = refusal({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].option).toBe(name);
    expect(error.message).toMatch(message);
  });

  it('refuses unknown option names instead of ignoring a typo', () => {
    const error = refusal({ serviceNmae: 'payments' });
    expect(error.message).toMatch(/"serviceNmae" is not an option of bank-service; the options are serviceName, description/);
  });

  it('reports every problem at once', () => {
    const error = refusal({ serviceName: 'Bad Name', baseCurrency: 'EUX', awsRegion: 'mars-1' });
    expect(error.problems.map((p) => p.option)).toEqual(['serviceName', 'awsRegion', 'baseCurrency']);
    expect(error.message.split('\n')[0]).toBe('Invalid bank-service options:');
  });

  it('accepts every default of the definition table', () => {
    for (const name of OPTION_NAMES) {
      expect(() => resolveOptions({ [name]: OPTIONS[name].default })).not.toThrow();
    }
  });
});
