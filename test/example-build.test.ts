import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, exampleFiles, REPO_ROOT } from './support/example';
import { run } from './support/run';

/**
 * The example's own test suite runs as a vitest project of `npm test`; this checks the rest
 * of its build on a copy: projen's synthesis, the TypeScript compile and type checks, and
 * ESLint with --fix. None of them may change a file, or the example's own CI (projen's
 * anti-tamper step) would fail.
 */
describe('generated-example build', () => {
  // Inside the repository, so the copy resolves packages from the root node_modules.
  const scratch = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp-build-'));
  const copy = path.join(scratch, 'bank-service');

  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('synthesizes, compiles and lints without changing a file', () => {
    for (const file of exampleFiles()) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(EXAMPLE_DIR, file), path.join(copy, file));
    }
    const git = (...args: string[]) => run('git', args, { cwd: copy });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'generated');

    // --no-post: synthesize without `npm install`; the packages come from the workspace.
    for (const task of [['--no-post'], ['compile'], ['post-compile'], ['eslint']]) {
      run('npx', ['projen', ...task], { cwd: copy });
    }
    expect(git('status', '--porcelain')).toBe('');
  });
});
