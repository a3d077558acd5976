import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

describe('compliance checks over every stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let stacks: Stack[];

  beforeAll(() => {
    infra = buildInfra();
    stacks = [infra.network, infra.data, infra.deployAccess, infra.service, infra.api, infra.edgeFirewall, infra.edge, infra.governance];
  });

  afterAll(() => infra.dispose());

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings in any stack', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    const findings = stacks.flatMap((stack) => pack.validateScope(stack).violations.map((v) => `${stack.stackName}: ${v.ruleName} ${v.description}`));
    expect(findings).toEqual([]);
  });

  it('synthesizes offline with every pack and the Control Tower rules clean, and writes the report as evidence', () => {
    // synth() runs the validation plugins (cdk-nag packs, cfn-guard) and throws on any finding.
    const assembly = infra.app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(stacks.map((stack) => stack.stackName).sort());
    const reportFile = join(infra.outdir, 'policy-validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf-8')) as { pluginReports: Array<{ summary: { pluginName: string; status: string } }> };
    const plugins = report.pluginReports.map((r) => r.summary);
    expect(plugins.map((p) => p.status)).toEqual(plugins.map(() => 'success'));
    expect(plugins.map((p) => p.pluginName)).toEqual(expect.arrayContaining(['cdk-validator-cfnguard', ...compliancePacks(infra.app).map((p) => p.readPackName)]));
  }, 180_000);
});
