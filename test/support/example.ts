import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../../blueprints/test/support/files';

export { listFiles as treeFiles };

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'generated-example');

/** The example's files as a reviewer sees them: tracked or new, never git-ignored ones. */
export function exampleFiles(): string[] {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'generated-example'], {
    cwd: REPO_ROOT,
    encoding: 'utf-8',
  });
  return output
    .split('\0')
    .filter((file) => file && fs.existsSync(path.join(REPO_ROOT, file)))
    .map((file) => path.relative('generated-example', file).split(path.sep).join('/'))
    .sort();
}

/**
 * Differences between two trees of files, as `git diff --no-index` prints them, or '' when
 * both hold the same files with the same bytes.
 */
export function diffTrees(expectedDir: string, expectedFiles: readonly string[], actualDir: string, actualFiles: readonly string[]): string {
  const report: string[] = [];
  for (const file of expectedFiles.filter((f) => !actualFiles.includes(f))) {
    report.push(`only in ${expectedDir}: ${file}`);
  }
  for (const file of actualFiles.filter((f) => !expectedFiles.includes(f))) {
    report.push(`only in ${actualDir}: ${file}`);
  }
  for (const file of expectedFiles.filter((f) => actualFiles.includes(f))) {
    const expected = path.join(expectedDir, file);
    const actual = path.join(actualDir, file);
    if (!fs.readFileSync(expected).equals(fs.readFileSync(actual))) {
      report.push(gitDiff(expected, actual));
    }
  }
  return report.join('\n');
}

function gitDiff(expected: string, actual: string): string {
  try {
    execFileSync('git', ['diff', '--no-index', '--no-color', '--', expected, actual], { encoding: 'utf-8' });
    return `${expected} and ${actual} differ`;
  } catch (error) {
    // git diff --no-index exits 1 when the files differ; its stdout is the diff.
    return String((error as { stdout?: string }).stdout ?? error);
  }
}
