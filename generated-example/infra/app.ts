import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Environment, Tags } from 'aws-cdk-lib';
import { applyCompliancePacks } from './nag';
import { acknowledgeFindings } from './nag-suppressions';
import { DataStack } from './stacks/data-stack';

/** Where the service deploys; fixed when the service was generated. */
export const ENVIRONMENT: Required<Environment> = {
  account: '123456789012',
  region: 'eu-central-1',
};

export const SERVICE_NAME = 'bank-service';

/**
 * Context every synthesis uses, in tests and in `cdk synth` alike: the committed lookups in
 * cdk.context.json (so nothing is looked up in AWS) and the feature flags the stacks rely on.
 */
export function synthesisContext(): Record<string, unknown> {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.context.json'), 'utf-8')) as Record<string, unknown>;
  return {
    ...committed,
    // Server access logs are delivered through a bucket policy, never a bucket ACL.
    '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  };
}

export interface InfraApp {
  readonly app: App;
  readonly data: DataStack;
}

/**
 * Builds the CDK app: every stack, cost-allocation tags on everything, the compliance packs
 * and their reviewed acknowledgements. Tests call this; `infra/main.ts` synthesizes it.
 */
export function createInfraApp(outdir?: string): InfraApp {
  const app = new App({ outdir, context: synthesisContext() });
  const data = new DataStack(app, 'BankServiceData', {
    env: ENVIRONMENT,
    stackName: `${SERVICE_NAME}-data`,
    description: `${SERVICE_NAME}: encryption keys and document storage`,
  });
  Tags.of(app).add('service', SERVICE_NAME);
  Tags.of(app).add('owner', 'group:default/platform-team');
  Tags.of(app).add('data-classification', 'confidential');
  acknowledgeFindings({ data });
  applyCompliancePacks(app);
  return { app, data };
}
