/**
 * Generates a bank service exactly as `projen new --from bank-blueprints@<spec> bank-service`
 * does, through projen's own project-creation API (`Projects.createProject`, the function
 * `projen new` calls). The example script, the drift test and the benchmark all use this, so
 * they cannot differ from what developers get.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InitProjectOptionHints, Projects } from 'projen';
import { resolveProjectType } from 'projen/lib/inventory';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PROJECT_FQN = 'bank-blueprints.BankServiceProject';

/** The package spec the example records as its dev dependency on the blueprint. */
export function blueprintSpec(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'blueprints', 'package.json'), 'utf-8')) as { version: string };
  return `bank-blueprints@^${pkg.version}`;
}

/**
 * The props `projen new` builds from its command line: every required option at its initial
 * value (the documented default), overridden by the switches given, plus the blueprint spec
 * as a dev dependency.
 */
export function projenNewProps(overrides: Record<string, unknown>, spec: string): Record<string, unknown> {
  const type = withRepoRootAsCwd(() => resolveProjectType(PROJECT_FQN));
  const props: Record<string, unknown> = {};
  for (const option of type.options) {
    if (option.initialValue !== undefined) {
      props[option.name] = JSON.parse(option.initialValue);
    }
  }
  return { ...props, ...overrides, devDeps: [spec] };
}

export interface GenerateOptions {
  /** Option values, as `projen new` switches would give them (camelCase names). */
  readonly options?: Record<string, unknown>;
  /** Dev dependency spec recorded for the blueprint (default: `bank-blueprints@^<version>`). */
  readonly spec?: string;
}

/** Writes a new bank service into `dir` (which must be empty or absent). */
export function generateService(dir: string, generate: GenerateOptions = {}): void {
  const target = path.resolve(dir);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new Error(`${target} is not empty`);
  }
  const projectOptions = projenNewProps(generate.options ?? {}, generate.spec ?? blueprintSpec());
  withRepoRootAsCwd(() => Projects.createProject({
    dir: target,
    projectFqn: PROJECT_FQN,
    projectOptions,
    optionHints: InitProjectOptionHints.FEATURED,
    synth: true,
    post: false,
  }));
}

/** projen resolves project types from the working directory's node_modules. */
function withRepoRootAsCwd<T>(run: () => T): T {
  const previous = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    return run();
  } finally {
    process.chdir(previous);
  }
}
