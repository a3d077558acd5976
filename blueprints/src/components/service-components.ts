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
  fastifyRateLimit: '^11.2.0',
  fastifySwagger: '^9.9.3',
  fastifySwaggerUi: '^6.1.3',
  typeProviderTypebox: '^6.3.0',
  typebox: '^1.4.3',
  awsJwtVerify: '^5.2.1',
  fastCheck: '^4.11.0',
  kysely: '^0.29.9',
  pg: '^8.23.1',
  typesPg: '^8.15.6',
  pglite: '^0.4.6',
  kyselyPgliteDialect: '^1.3.1',
  awsCdkLib: '2.276.0',
  awsCdkCli: '2.1148.1',
  constructs: '^10.8.1',
  cdkNag: '3.0.2',
  cdkValidatorCfnguard: '0.0.62',
  esbuild: '0.28.2',
  awsSdk: '^3.1178.0',
  typesAwsLambda: '^8.10.164',
  tsx: '^4.23.15',
  tsNode: '^10.9.2',
  eslintPluginImport: '^2.32.0',
  eslintImportResolverTypescript: '^4.4.5',
} as const;

/** The Fastify API: app, plugins, routes, server entry point and their tests. */
export class ApiComponent extends TemplateComponent {
  constructor(project: TypeScriptProject, context: TemplateContext) {
    super(project, 'api', {
      managed: [],
      onlyWith: {
        loans: [
          'src/domain/loans.ts', 'src/repositories/loans.ts', 'src/services/loans.ts', 'src/schemas/loans.ts', 'src/routes/v1/loans.ts',
          'test/domain/loans.test.ts', 'test/api/loans.test.ts',
        ],
        cards: ['src/repositories/cards.ts', 'src/services/cards.ts', 'src/schemas/cards.ts', 'src/routes/v1/cards.ts', 'test/api/cards.test.ts'],
      },
    }, context);
    project.addDeps(
      `fastify@${VERSIONS.fastify}`,
      `fastify-plugin@${VERSIONS.fastifyPlugin}`,
      `@fastify/helmet@${VERSIONS.fastifyHelmet}`,
      `@fastify/rate-limit@${VERSIONS.fastifyRateLimit}`,
      `@fastify/swagger@${VERSIONS.fastifySwagger}`,
      `@fastify/swagger-ui@${VERSIONS.fastifySwaggerUi}`,
      `@fastify/type-provider-typebox@${VERSIONS.typeProviderTypebox}`,
      `typebox@${VERSIONS.typebox}`,
      `aws-jwt-verify@${VERSIONS.awsJwtVerify}`,
    );
    project.addDevDeps(`fast-check@${VERSIONS.fastCheck}`);
    project.addTask('start', { description: 'Start the API (embedded PGlite unless DATABASE_URL is set)', exec: 'node lib/server.js' });
    project.addTask('dev', {
      description: 'Start the API from source, trusting the local signing key (see `npm run token`)',
      env: { JWKS_FILE: '.local/jwks.json', CARD_TOKEN_KEY_FILE: '.local/card-token-key' },
      steps: [{ exec: 'tsx test/support/token-cli.ts --ensure-keys' }, { exec: 'tsx src/server.ts' }],
    });
    project.addTask('token', {
      description: 'Print a bearer token the local service accepts: -- --customer <externalId> | --staff [subject]',
      exec: 'tsx test/support/token-cli.ts',
      receiveArgs: true,
    });
    project.gitignore.addPatterns('/.local/');
    project.addTask('bench', {
      description: 'Transfers and history over HTTP against DATABASE_URL, next to the pgbench ceiling of the same SQL',
      steps: [{ spawn: 'compile' }, { exec: 'tsx bench/transfers.ts' }],
    });
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
    super(project, 'infra', { managed: ['cdk.json', 'cdk.context.json', 'infra/nag.ts', 'Dockerfile', '.dockerignore'] }, context);
    project.addDevDeps(
      `aws-cdk-lib@${VERSIONS.awsCdkLib}`,
      `aws-cdk@${VERSIONS.awsCdkCli}`,
      `constructs@${VERSIONS.constructs}`,
      `cdk-nag@${VERSIONS.cdkNag}`,
      `@cdklabs/cdk-validator-cfnguard@${VERSIONS.cdkValidatorCfnguard}`,
      // Lambda code is bundled by esbuild on this machine: synthesis never needs Docker.
      `esbuild@${VERSIONS.esbuild}`,
      `@aws-sdk/client-ec2@${VERSIONS.awsSdk}`,
      `@aws-sdk/client-ecs@${VERSIONS.awsSdk}`,
      `@aws-sdk/client-sns@${VERSIONS.awsSdk}`,
      `@types/aws-lambda@${VERSIONS.typesAwsLambda}`,
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
