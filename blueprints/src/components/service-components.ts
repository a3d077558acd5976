/**
 * One component per folder of `templates/`. Each names its folder, declares which of its
 * files the platform keeps managed, and adds the packages its files import.
 */
import { TypeScriptProject } from 'projen/lib/typescript';
import { TemplateComponent } from './template-component';
import type { TemplateContext } from './template-context';

/** Versions verified together on the platform's machines (see VERSIONS.md in the repository). */
export const VERSIONS = {
  fastify: '^5.12.8',
  fastifyHelmet: '^13.2.0',
  fastifyPlugin: '^5.1.0',
  kysely: '^0.29.9',
  pg: '^8.23.1',
  typesPg: '^8.15.6',
  pglite: '^0.4.6',
  kyselyPgliteDialect: '^1.3.1',
  awsCdkLib: '2.276.0',
  awsCdkCli: '2.1148.1',
  constructs: '^10.8.1',
  cdkNag: '3.0.2',
  tsx: '^4.23.15',
  tsNode: '^10.9.2',
  eslintPluginImport: '^2.32.0',
  eslintImportResolverTypescript: '^4.4.5',
} as const;

/** The Fastify API: app, plugins, routes, server entry point and their tests. */
export class ApiComponent extends TemplateComponent {
  constructor(project: TypeScriptProject, context: TemplateContext) {
    super(project, 'api', { managed: [] }, context);
    project.addDeps(`fastify@${VERSIONS.fastify}`, `fastify-plugin@${VERSIONS.fastifyPlugin}`, `@fastify/helmet@${VERSIONS.fastifyHelmet}`);
    project.addTask('start', { description: 'Start the API (embedded PGlite unless DATABASE_URL is set)', exec: 'node lib/server.js' });
    project.addTask('dev', { description: 'Start the API from source', exec: 'tsx src/server.ts' });
  }
}

/** Kysely, the migrations and the two database engines (PostgreSQL, embedded PGlite). */
export class DatabaseComponent extends TemplateComponent {
  constructor(project: TypeScriptProject, context: TemplateContext) {
    super(project, 'database', { managed: [] }, context);
    project.addDeps(
      `kysely@${VERSIONS.kysely}`,
      `pg@${VERSIONS.pg}`,
      `@electric-sql/pglite@${VERSIONS.pglite}`,
      `kysely-pglite-dialect@${VERSIONS.kyselyPgliteDialect}`,
    );
    project.addDevDeps(`@types/pg@${VERSIONS.typesPg}`);
    project.addTask('db:migrate', { description: 'Apply pending migrations to DATABASE_URL (or the PGlite data directory)', exec: 'tsx src/db/migrate-cli.ts' });
    project.gitignore.addPatterns('/.pglite/');
  }
}

/**
 * The CDK app. CDK packages are dev dependencies: they synthesize templates in CI and never
 * ship in the service's container image.
 */
export class InfraComponent extends TemplateComponent {
  constructor(project: TypeScriptProject, context: TemplateContext) {
    super(project, 'infra', { managed: ['cdk.json', 'cdk.context.json', 'infra/nag.ts'] }, context);
    project.addDevDeps(
      `aws-cdk-lib@${VERSIONS.awsCdkLib}`,
      `aws-cdk@${VERSIONS.awsCdkCli}`,
      `constructs@${VERSIONS.constructs}`,
      `cdk-nag@${VERSIONS.cdkNag}`,
    );
    project.addTask('synth:infra', { description: 'Synthesize the CDK app (cdk-nag checked) into cdk.out', exec: 'cdk synth --quiet' });
    project.gitignore.addPatterns('/cdk.out/');
  }
}

/** The service README and, later, runbooks and compliance documents. */
export class DocsComponent extends TemplateComponent {
  constructor(project: TypeScriptProject, context: TemplateContext) {
    super(project, 'docs', { managed: [] }, context);
  }
}
