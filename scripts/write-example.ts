/**
 * `npm run example`: regenerates generated-example/ from the blueprint with the default
 * options, through the same project creation `projen new` uses. Never edit the folder by
 * hand; change templates/ or blueprints/ and run this.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateService, REPO_ROOT } from './lib/generate';

const EXAMPLE = path.join(REPO_ROOT, 'generated-example');
// Kept across regeneration: installed packages and build output are not the generator's.
const KEEP = new Set(['node_modules', 'lib', 'cdk.out', '.pglite', 'coverage', 'dist']);

const staging = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp-example-'));
try {
  generateService(staging);
  if (fs.existsSync(EXAMPLE)) {
    for (const entry of fs.readdirSync(EXAMPLE)) {
      if (!KEEP.has(entry)) {
        fs.rmSync(path.join(EXAMPLE, entry), { recursive: true, force: true });
      }
    }
  }
  fs.mkdirSync(EXAMPLE, { recursive: true });
  for (const entry of fs.readdirSync(staging)) {
    fs.cpSync(path.join(staging, entry), path.join(EXAMPLE, entry), { recursive: true });
  }
  console.log(`generated-example/ regenerated (${fs.readdirSync(staging, { recursive: true }).length} entries)`);
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
