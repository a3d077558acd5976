import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { compliancePacks } from './nag';

/** The file, inside the cloud assembly, that auditors receive as the compliance evidence of a synth. */
export const COMPLIANCE_EVIDENCE_FILE = 'compliance-evidence.json';

export interface PackEvidence {
  readonly pack: string;
  /** Unacknowledged findings; a synth that passed has none. */
  readonly findings: ReadonlyArray<{ readonly rule: string; readonly resource: string; readonly description: string }>;
}

export interface Acknowledgement {
  readonly construct: string;
  readonly rule: string;
  readonly reason: string;
}

export interface ComplianceEvidence {
  readonly packs: readonly PackEvidence[];
  readonly acknowledgements: readonly Acknowledgement[];
}

/**
 * Collects the evidence of a synth: every cdk-nag pack's unacknowledged findings and every
 * acknowledged finding with its reason. CDK's own validation report lists only plugins that
 * found something, so a clean pack would leave no trace there; this file names each pack.
 */
export function collectComplianceEvidence(app: App): ComplianceEvidence {
  const packs = compliancePacks(app).map((pack) => ({
    pack: pack.readPackName,
    findings: pack.validateScope(app).violations.flatMap((violation) => violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      resource: resource.constructPath ?? resource.resourceLogicalId ?? 'unknown',
      description: violation.description,
    }))),
  }));
  const acknowledgements = app.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
      construct: construct.node.path,
      // cdk-nag's findings are recorded under CDK's `Annotation::` namespace; the rule id is what reviewers know.
      rule: rule.replace(/^Annotation::/, ''),
      reason,
    }))));
  return { packs, acknowledgements };
}

/** Writes the evidence next to the templates it describes; returns the file's path. */
export function writeComplianceEvidence(app: App, assemblyDirectory: string): string {
  const file = join(assemblyDirectory, COMPLIANCE_EVIDENCE_FILE);
  writeFileSync(file, `${JSON.stringify(collectComplianceEvidence(app), undefined, 2)}\n`);
  return file;
}
