import { Component } from 'projen';
import { TypeScriptProject } from 'projen/lib/typescript';
import { ManagedTextFile } from '../render/managed-file';

export interface VitestOptions {
  /** vitest version range. */
  readonly version: string;
  /** Glob patterns of test files. */
  readonly include: readonly string[];
  /** How long one test may take, in milliseconds. */
  readonly testTimeoutMs: number;
}

/**
 * Vitest for a projen TypeScript project. projen ships only a Jest component; this one plays
 * the same part: the dependency, a managed `vitest.config.ts`, and `vitest run` as the first
 * step of the `test` task (before projen's eslint step), plus `test:watch`.
 */
export class Vitest extends Component {
  constructor(project: TypeScriptProject, options: VitestOptions) {
    super(project, 'Vitest');
    project.addDevDeps(`vitest@${options.version}`);
    // .mts: the config is ESM while the project compiles to CommonJS.
    new ManagedTextFile(project, 'vitest.config.mts', [
      "import { defineConfig } from 'vitest/config';",
      '',
      'export default defineConfig({',
      '  test: {',
      `    include: ${JSON.stringify(options.include).replace(/"/g, "'").replace(/,/g, ', ')},`,
      `    testTimeout: ${options.testTimeoutMs},`,
      `    hookTimeout: ${options.testTimeoutMs},`,
      '    // Test files share one database server; running them one at a time keeps',
      '    // their setup (migrations, fixtures) from interleaving.',
      '    fileParallelism: false,',
      '  },',
      '});',
      '',
    ].join('\n'));
    project.testTask.prependExec('vitest run', { receiveArgs: true });
    project.addTask('test:watch', { description: 'Run vitest in watch mode', exec: 'vitest' });
  }
}
