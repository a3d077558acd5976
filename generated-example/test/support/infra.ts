import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInfraApp, InfraApp } from '../../infra/app';

/**
 * Builds the whole CDK app into a scratch cloud-assembly folder. Building the construct tree
 * is cheap; `app.synth()` (which runs every compliance check) is left to the tests that need it.
 */
export function buildInfra(): InfraApp & { readonly outdir: string; dispose(): void } {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const infra = createInfraApp(outdir);
  return { ...infra, outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}
