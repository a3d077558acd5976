import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { generateService, REPO_ROOT } from '../scripts/lib/generate';

/** The part of a generated service's `infra/app.ts` this test drives. */
interface GeneratedInfra {
  createInfraApp(outdir: string): { app: { synth(): { stacks: Array<{ stackName: string }> } }; service: Stack; edge: Stack; network: Stack };
}

/**
 * Every option that changes the infrastructure, one at a time: the generated service's CDK
 * app must still synthesize with every compliance pack and the Control Tower rules clean
 * (synth() throws on any finding), and the option must show in the template.
 */
describe('infrastructure of generated services across options', () => {
  // Inside the repository, so generated code resolves aws-cdk-lib from the root node_modules.
  const scratch = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp-infra-'));

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  async function synthesize(name: string, options: Record<string, unknown>) {
    const dir = path.join(scratch, name);
    generateService(dir, { options });
    const { createInfraApp } = (await import(path.join(dir, 'infra', 'app.ts'))) as GeneratedInfra;
    const infra = createInfraApp(path.join(dir, 'cdk.out'));
    const assembly = infra.app.synth();
    return { infra, stackNames: assembly.stacks.map((stack) => stack.stackName) };
  }

  it('synthesizes without loans', async () => {
    const { stackNames } = await synthesize('no-loans', { loans: false });
    expect(stackNames).toContain('bank-service-service');
  });

  it('synthesizes without cards, and then creates no card-token key', async () => {
    const { infra } = await synthesize('no-cards', { cards: false });
    const containers = Template.fromStack(infra.service).findResources('AWS::ECS::TaskDefinition');
    expect(JSON.stringify(containers)).not.toContain('CARD_TOKEN_KEY');
  });

  it('synthesizes with Shield Advanced protecting the distribution', async () => {
    const { infra } = await synthesize('shield', { shieldAdvanced: true });
    Template.fromStack(infra.edge).resourceCountIs('AWS::Shield::Protection', 1);
  });

  it('synthesizes in another region, over that region\'s zones', async () => {
    const { infra } = await synthesize('ca-central-1', { awsRegion: 'ca-central-1' });
    expect(infra.network.region).toBe('ca-central-1');
    const subnets = Object.values(Template.fromStack(infra.network).findResources('AWS::EC2::Subnet'));
    const zones = new Set(subnets.map((subnet) => (subnet.Properties as { AvailabilityZone: string }).AvailabilityZone));
    expect([...zones].sort()).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });
});
