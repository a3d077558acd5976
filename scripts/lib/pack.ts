/**
 * Packs `bank-blueprints` into an npm tarball as it would be published: the compiled
 * library, the generated `.jsii` manifest and the shared `templates/` folder, which lives
 * at the repository root and is copied into the package only here, in a staging folder,
 * so the working tree never holds a second copy that could go stale.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './generate';

const BLUEPRINTS = path.join(REPO_ROOT, 'blueprints');

/** Builds nothing: expects `npm run compile` to have run. Returns the tarball's path. */
export function packBlueprints(destination: string): string {
  for (const required of ['lib/index.js', '.jsii']) {
    if (!fs.existsSync(path.join(BLUEPRINTS, required))) {
      throw new Error(`blueprints/${required} is missing: run \`npm run compile\` first`);
    }
  }
  const staging = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp-pack-'));
  try {
    for (const entry of ['package.json', 'lib', '.jsii', 'README.md']) {
      const source = path.join(BLUEPRINTS, entry);
      if (fs.existsSync(source)) {
        fs.cpSync(source, path.join(staging, entry), { recursive: true });
      }
    }
    fs.cpSync(path.join(REPO_ROOT, 'templates'), path.join(staging, 'templates'), { recursive: true });
    fs.mkdirSync(destination, { recursive: true });
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', path.resolve(destination)], {
      cwd: staging,
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
    return path.resolve(destination, filename);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
