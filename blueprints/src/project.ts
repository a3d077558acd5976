import * as path from 'node:path';
import { javascript, Project, SampleReadme, typescript } from 'projen';
import { DocsComponent, ApiComponent, DatabaseComponent, InfraComponent, VERSIONS } from './components/service-components';
import { buildTemplateContext, NODE_MAJOR, TemplateContext } from './components/template-context';
import { BankProjenrcFile } from './components/projenrc-file';
import { Vitest } from './components/vitest';
import { OPTIONS, OptionDefinition } from './options/definition';
import type { BankServiceOptionValues, ResolvedBankServiceOptions } from './options/definition';
import { resolveOptions } from './options/validate';

/** Options of `BankServiceProject`: the bank options plus two that projen itself passes in. */
export interface BankServiceProjectOptions extends BankServiceOptionValues {
  /** Where the project is written; `projen new` sets it to the current directory. */
  readonly outdir?: string;
  /** Extra dev dependencies; `projen new --from` records the blueprint package here. */
  readonly devDeps?: string[];
}

/** The versions the generated project's toolchain is pinned to. */
const TOOLCHAIN = {
  projen: '0.103.25',
  typescript: '5.9.3',
  vitest: '^5.1.2',
} as const;

const BLUEPRINT_PACKAGE = 'bank-blueprints';

/**
 * A production-shaped banking service: Fastify + Kysely API, PostgreSQL (PGlite embedded),
 * CDK infrastructure checked by cdk-nag, and the tests that prove it works.
 *
 * @pjid bank-service
 */
export class BankServiceProject extends typescript.TypeScriptProject {
  /** The options after validation, with every default filled in. */
  readonly bankOptions: ResolvedBankServiceOptions;
  readonly templateContext: TemplateContext;

  constructor(options: BankServiceProjectOptions = {}) {
    // `__new__` is projen's own bootstrap record (set by `projen new`); it must reach the base
    // class untouched so projen can write `.projenrc.ts` for the new project.
    const { outdir, devDeps, __new__: projenNew, ...bankInput } = options as BankServiceProjectOptions & { __new__?: unknown };
    // Validate before anything else: a refused option must leave the disk untouched.
    const bankOptions = resolveOptions(fromCommandLine(bankInput));
    super({
      name: bankOptions.serviceName,
      description: bankOptions.description,
      defaultReleaseBranch: 'main',
      outdir,
      ...(projenNew === undefined ? {} : { __new__: projenNew }),
      packageManager: javascript.NodePackageManager.NPM,
      projenrcTs: true,
      projenVersion: TOOLCHAIN.projen,
      typescriptVersion: TOOLCHAIN.typescript,
      minNodeVersion: `${NODE_MAJOR}.0.0`,
      workflowNodeVersion: String(NODE_MAJOR),
      devDeps: withBlueprint(devDeps ?? []),
      jest: false,
      sampleCode: false,
      licensed: false,
      release: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      githubOptions: { mergify: false, pullRequestLint: false },
      // infra/ and test/ may import dev dependencies (CDK, vitest); src/ ships and may not.
      eslintOptions: { dirs: ['src'], devdirs: ['test', 'infra', 'bench'] },
      tsconfig: {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'nodenext',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
          skipLibCheck: true,
        },
      },
    });
    this.bankOptions = bankOptions;
    this.templateContext = buildTemplateContext(bankOptions);

    new Vitest(this, { version: TOOLCHAIN.vitest, include: ['test/**/*.test.ts'], testTimeoutMs: 60_000 });
    // The README is a template like every other file; projen's own sample README steps aside.
    removeSampleReadme(this);
    new ApiComponent(this, this.templateContext);
    new DatabaseComponent(this, this.templateContext);
    new InfraComponent(this, this.templateContext);
    new DocsComponent(this, this.templateContext);
    new BankProjenrcFile(this, 'BankServiceProject', BLUEPRINT_PACKAGE, bankOptions);
    // infra/ and bench/ are not compiled into lib/, but they are type-checked and linted like everything else.
    for (const dir of ['infra', 'bench']) {
      new javascript.TypescriptConfig(this, {
        fileName: `${dir}/tsconfig.json`,
        extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
        compilerOptions: { noEmit: true, rootDir: '..' },
        include: ['**/*.ts'],
      });
      this.postCompileTask.exec(`tsc --noEmit -p ${dir}/tsconfig.json`);
    }
    this.postCompileTask.exec('tsc --noEmit -p test/tsconfig.json');
    // projen leaves these at "*" and pins them after the first install, which would change
    // package.json during the first build; pinning them here keeps the first build clean.
    this.addDevDeps(
      `tsx@${VERSIONS.tsx}`,
      `ts-node@${VERSIONS.tsNode}`,
      `eslint-plugin-import@${VERSIONS.eslintPluginImport}`,
      `eslint-import-resolver-typescript@${VERSIONS.eslintImportResolverTypescript}`,
    );
  }
}

/** The dev dependencies with the blueprint itself in them, at this blueprint's version. */
function withBlueprint(devDeps: readonly string[]): string[] {
  const recorded = devDeps.some((spec) => spec === BLUEPRINT_PACKAGE || spec.startsWith(`${BLUEPRINT_PACKAGE}@`));
  return recorded ? [...devDeps] : [...devDeps, `${BLUEPRINT_PACKAGE}@^${blueprintVersion()}`];
}

export function blueprintVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(__dirname, '..', 'package.json')) as { version: string }).version;
}

/**
 * projen adds a sample README ("# replace this") to every project and offers no option to
 * leave it out; `tryRemoveFile` cannot see it because sample files are not file objects.
 */
function removeSampleReadme(project: Project): void {
  for (const child of project.node.children) {
    if (child instanceof SampleReadme) {
      project.node.tryRemoveChild(child.node.id);
    }
  }
}

/**
 * Undoes the one conversion `projen new`'s argument parser makes on its own: a string option
 * that looks like a number (`--aws-account-id 210987654321`) arrives as a number. Decimal
 * integers convert back without loss (the parser leaves values with leading zeros as text);
 * anything else is left for validation to refuse.
 */
function fromCommandLine(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const output: Record<string, unknown> = { ...input };
  for (const [name, value] of Object.entries(input)) {
    const definition = (OPTIONS as Record<string, OptionDefinition | undefined>)[name];
    if (definition?.kind === 'string' && typeof value === 'number' && Number.isSafeInteger(value)) {
      output[name] = String(value);
    }
  }
  return output;
}
