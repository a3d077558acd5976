import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../../infra/app';
import { collectComplianceEvidence, ComplianceEvidence, writeComplianceEvidence } from '../../infra/compliance-evidence';
import { compliancePacks } from '../../infra/nag';
import { buildInfra } from '../support/infra';

describe('compliance checks over every stack', () => {
  let infra: ReturnType<typeof buildInfra>;
  let stacks: Stack[];

  beforeAll(() => {
    infra = buildInfra();
    const { network, data, deployAccess, identity, service, api, edgeFirewall, edge, governance } = infra;
    stacks = [network, data, deployAccess, identity, service, api, edgeFirewall, edge, governance];
  });

  afterAll(() => infra.dispose());

  it.each(compliancePacks(new App()).map((pack) => pack.readPackName))('has no unacknowledged %s findings in any stack', (packName) => {
    const pack = compliancePacks(infra.app).find((p) => p.readPackName === packName)!;
    const findings = stacks.flatMap((stack) => pack.validateScope(stack).violations.map((v) => `${stack.stackName}: ${v.ruleName} ${v.description}`));
    expect(findings).toEqual([]);
  });

  it('synthesizes offline with every pack and the Control Tower rules clean, and writes the reports as evidence', () => {
    // synth() runs the validation plugins (cdk-nag packs, cfn-guard) and throws on any finding.
    const assembly = infra.app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(stacks.map((stack) => stack.stackName).sort());

    // CDK's report lists the plugins that found (or had acknowledged) something: cfn-guard ran and passed.
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf-8')) as ValidationReport;
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion])).toContainEqual(['cdk-validator-cfnguard', 'success']);
    expect(report.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);

    const evidence = JSON.parse(readFileSync(writeComplianceEvidence(infra.app, assembly.directory), 'utf-8')) as ComplianceEvidence;
    expect(evidence.packs).toEqual(compliancePacks(new App()).map((pack) => ({ pack: pack.readPackName, findings: [] })));
    expect(evidence.acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of evidence.acknowledgements) {
      expect(acknowledgement.reason.length, `${acknowledgement.construct} ${acknowledgement.rule}`).toBeGreaterThan(40);
    }
  }, 180_000);

  it('records each pack\'s acknowledged findings under the rule id reviewers know', () => {
    const { acknowledgements } = collectComplianceEvidence(infra.app);
    const rules = new Set(acknowledgements.map((a) => a.rule));
    for (const pack of compliancePacks(new App())) {
      expect([...rules].some((rule) => rule.startsWith(`${pack.readPackName}-`)), pack.readPackName).toBe(true);
    }
    expect([...rules].some((rule) => rule.startsWith('cdk-validator-cfnguard::'))).toBe(true);
  });

  it('tags every taggable resource of every stack for cost allocation', () => {
    const untagged: string[] = [];
    let tagged = 0;
    for (const stack of stacks) {
      for (const [id, resource] of Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, TemplateResource>)) {
        const tags = tagsOf(resource.Properties?.Tags);
        if (tags === undefined) {
          continue;
        }
        tagged++;
        if (tags.service !== SERVICE_NAME || tags.owner === undefined || tags['data-classification'] !== 'confidential') {
          untagged.push(`${stack.stackName}/${id} (${resource.Type})`);
        }
      }
    }
    expect(untagged).toEqual([]);
    expect(tagged).toBeGreaterThan(50);
  });

  it('refuses to synthesize a resource with an unacknowledged finding', () => {
    const unreviewed = buildInfra();
    try {
      // A bucket with none of the controls: no access logs, no TLS-only policy, no KMS.
      new Bucket(unreviewed.data, 'Unreviewed');
      expect(() => unreviewed.app.synth()).toThrow(new RegExp(`AwsSolutions-S1[\\s\\S]*${unreviewed.data.node.id}/Unreviewed`));
    } finally {
      unreviewed.dispose();
    }
  }, 180_000);
});

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { readonly Tags?: unknown };
}

/** CloudFormation spells tags as a list of {Key, Value} or, for some resource types, as a map. */
function tagsOf(tags: unknown): Record<string, string> | undefined {
  if (Array.isArray(tags)) {
    return Object.fromEntries((tags as Array<{ Key: string; Value: string }>).map((tag) => [tag.Key, tag.Value]));
  }
  return tags !== null && typeof tags === 'object' ? (tags as Record<string, string>) : undefined;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{ readonly pluginName: string; readonly conclusion: string }>;
}
