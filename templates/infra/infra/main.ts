import { createInfraApp } from './app';
import { writeComplianceEvidence } from './compliance-evidence';

// `cdk synth` / `cdk deploy` entry point (see cdk.json). Synthesis fails on any unacknowledged
// compliance finding; a passing synth leaves its evidence in the cloud assembly.
const { app } = createInfraApp();
const assembly = app.synth();
writeComplianceEvidence(app, assembly.directory);
