import * as fs from 'node:fs';
import * as path from 'node:path';
import { Component, InitProject, Project } from 'projen';
import { OPTION_NAMES, OPTIONS, ResolvedBankServiceOptions } from '../options/definition';
import { tsLiteral } from '../render/ts-literal';

/**
 * Writes the new project's `.projenrc.ts` in the project's own style.
 *
 * projen writes this file when a project is created, but in its own formatting (double
 * quotes, no trailing newline), which the project's ESLint would then rewrite during the
 * first build. This component replaces it, once, at creation: every option with its
 * one-line description, single quotes, trailing commas, so the first `npx projen build`
 * leaves the file untouched.
 */
export class BankProjenrcFile extends Component {
  constructor(
    project: Project,
    private readonly className: string,
    private readonly moduleName: string,
    private readonly options: ResolvedBankServiceOptions,
  ) {
    super(project, 'BankProjenrcFile');
  }

  projectCreation(init: InitProject): void {
    const lines = [
      `import { ${this.className} } from '${this.moduleName}';`,
      '',
      `const project = new ${this.className}({`,
    ];
    // The validated values, not the raw arguments: what the team chose, in its final types.
    for (const name of OPTION_NAMES) {
      lines.push(`  // ${OPTIONS[name].description}`);
      lines.push(`  ${name}: ${tsLiteral(this.options[name])},`);
    }
    const devDeps = (init.args as { devDeps?: unknown }).devDeps;
    if (devDeps !== undefined) {
      lines.push('  // Extra dev dependencies; the blueprint itself is one.');
      lines.push(`  devDeps: ${tsLiteral(devDeps)},`);
    }
    lines.push('});', '', 'project.synth();', '');
    fs.writeFileSync(path.join(this.project.outdir, '.projenrc.ts'), lines.join('\n'));
  }
}
