import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packBlueprints } from '../scripts/lib/pack';
import { REPO_ROOT } from './support/example';
import { run } from './support/run';

/**
 * The developer door, end to end: pack bank-blueprints, `projen new --from` the tarball with
 * non-default options in an empty folder outside the repository, install from the registry,
 * build (synth, compile, type checks, every test, ESLint, package) and check that the build
 * changed nothing in the freshly created project.
 */
describe('npx projen new --from bank-blueprints@file:<tarball> bank-service', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-blueprints-e2e-'));
  const project = path.join(scratch, 'payments-core');
  let tarball: string;

  beforeAll(() => {
    tarball = packBlueprints(path.join(scratch, 'dist'));
    fs.mkdirSync(project);
  });

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('creates a project whose .projenrc.ts keeps the chosen options', () => {
    run(path.join(REPO_ROOT, 'node_modules', '.bin', 'projen'), [
      'new',
      '--from', `bank-blueprints@file:${tarball}`,
      'bank-service',
      '--projen-version', '0.103.25',
      '--service-name', 'payments-core',
      '--aws-region', 'eu-west-2',
      '--aws-account-id', '210987654321',
      '--base-currency', 'GBP',
      '--no-cards',
      '--compliance-frameworks', 'pci-dss',
      '--compliance-frameworks', 'gdpr',
      '--repayment-schedule', '15 1 * * MON-FRI',
      '--repayment-time-zone', 'Europe/London',
      '--github-repository', 'acme-payments/payments-core',
      '--deploy-environment', 'live',
      '--api-domain-name', 'api.payments.example.co.uk',
    ], {
      cwd: project,
      // A developer runs `projen new` interactively: a plain `npm install` writes the lockfile.
      env: { ...process.env, CI: '' },
    });
    const projenrc = fs.readFileSync(path.join(project, '.projenrc.ts'), 'utf-8');
    expect(projenrc).toContain("import { BankServiceProject } from 'bank-blueprints';");
    for (const line of [
      "serviceName: 'payments-core',",
      "awsRegion: 'eu-west-2',",
      "awsAccountId: '210987654321',",
      "baseCurrency: 'GBP',",
      'cards: false,',
      'loans: true,',
      "complianceFrameworks: ['pci-dss', 'gdpr'],",
      "repaymentSchedule: '15 1 * * MON-FRI',",
      "repaymentTimeZone: 'Europe/London',",
      "githubRepository: 'acme-payments/payments-core',",
      "deployEnvironment: 'live',",
      "apiDomainName: 'api.payments.example.co.uk',",
      `devDeps: ['bank-blueprints@file:${tarball}'],`,
    ]) {
      expect(projenrc).toContain(line);
    }
    expect(fs.readFileSync(path.join(project, 'src/service.ts'), 'utf-8')).toContain("baseCurrency: 'GBP'");
    expect(run('git', ['status', '--porcelain'], { cwd: project })).toBe('');
  });

  it('builds and passes its tests, and the build changes no file', () => {
    run('npx', ['projen', 'build'], { cwd: project });
    expect(run('git', ['status', '--porcelain'], { cwd: project })).toBe('');
  });

  it('re-synthesizes from .projenrc.ts with `npx projen` and stays unchanged', () => {
    run('npx', ['projen'], { cwd: project });
    expect(run('git', ['status', '--porcelain'], { cwd: project })).toBe('');
  });
});
