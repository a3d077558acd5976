/**
 * Build step: writes `.jsii` beside the package's package.json (run after `tsc`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildManifest } from './manifest';

const packageDir = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf-8')) as {
  version: string;
  description: string;
  peerDependencies: Record<string, string>;
};
const manifest = buildManifest({
  version: pkg.version,
  description: pkg.description,
  projenVersion: pkg.peerDependencies.projen,
});
fs.writeFileSync(path.join(packageDir, '.jsii'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`bank-blueprints: wrote .jsii (${Object.keys(manifest.types as object).length} types)`);
