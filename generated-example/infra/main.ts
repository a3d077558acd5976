import { createInfraApp } from './app';

// `cdk synth` / `cdk deploy` entry point (see cdk.json).
createInfraApp().app.synth();
