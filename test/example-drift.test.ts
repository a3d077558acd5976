import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateService } from '../scripts/lib/generate';
import { diffTrees, EXAMPLE_DIR, exampleFiles, REPO_ROOT, treeFiles } from './support/example';

describe('generated-example/', () => {
  const scratch = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp-drift-'));

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('is byte for byte what the blueprint generates for the default options (run `npm run example` to update it)', () => {
    const fresh = path.join(scratch, 'bank-service');
    generateService(fresh);
    const diff = diffTrees(EXAMPLE_DIR, exampleFiles(), fresh, treeFiles(fresh));
    if (diff) {
      console.error(`generated-example/ has drifted from the blueprint:\n${diff}`);
    }
    expect(diff).toBe('');
  });
});
