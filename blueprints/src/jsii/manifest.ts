/**
 * projen discovers project types only through a jsii assembly (`.jsii`) in the package. This
 * module writes that assembly from the option definition instead of running the jsii
 * compiler: the package keeps ordinary npm dependencies, and the manifest cannot drift from
 * the options because it is generated from them.
 *
 * Only what projen's inventory reads is emitted: the project class (its base class chain and
 * `pjid`), its one `options` parameter, and the options struct with a documented property per
 * option. Bank options are "required with a default", so `projen new` fills in what the user
 * did not pass; `BankProjenrcFile` then writes every resolved option into `.projenrc.ts`.
 *
 * One exception, forced by projen: `projen new` reports a required option as missing when its
 * value is falsy (`!args[name]`), so a required boolean defaulting to `false` could never be
 * left out. Such options are declared optional; the project applies their default itself.
 */
import { createHash } from 'node:crypto';
import { OPTIONS, OptionDefinition } from '../options/definition';

const ASSEMBLY = 'bank-blueprints';
const PROJECT_FQN = `${ASSEMBLY}.BankServiceProject`;
const OPTIONS_FQN = `${ASSEMBLY}.BankServiceProjectOptions`;

interface JsiiTypeReference {
  readonly primitive?: string;
  readonly collection?: { readonly kind: 'array'; readonly elementtype: { readonly primitive: string } };
}

function typeOf(definition: OptionDefinition): JsiiTypeReference {
  switch (definition.kind) {
    case 'boolean':
      return { primitive: 'boolean' };
    case 'string':
      return { primitive: 'string' };
    case 'string-list':
      return { collection: { kind: 'array', elementtype: { primitive: 'string' } } };
  }
}

/** Whether `projen new` would treat the option's default as "no value" (see above). */
function hasFalsyDefault(definition: OptionDefinition): boolean {
  return !definition.default;
}

function property(name: string, definition: OptionDefinition) {
  return {
    name,
    abstract: true,
    immutable: true,
    ...(hasFalsyDefault(definition) ? { optional: true } : {}),
    docs: {
      summary: definition.description,
      remarks: `Allowed: ${definition.allowed}.`,
      default: JSON.stringify(definition.default),
      stability: 'stable',
    },
    type: typeOf(definition),
  };
}

export interface ManifestInput {
  readonly version: string;
  readonly projenVersion: string;
  readonly description: string;
}

/** The `.jsii` assembly describing `BankServiceProject` and its options. */
export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const properties = [
    ...Object.entries(OPTIONS).map(([name, definition]) => property(name, definition as OptionDefinition)),
    {
      // projen's project creation passes the target directory through this option; without
      // it in the manifest, projen would not render it and the project would land in the cwd.
      name: 'outdir',
      abstract: true,
      immutable: true,
      optional: true,
      docs: {
        summary: 'Directory the project is written to, relative to the current directory.',
        default: '"."',
        stability: 'stable',
      },
      type: { primitive: 'string' },
    },
    {
      name: 'devDeps',
      abstract: true,
      immutable: true,
      optional: true,
      docs: {
        summary: 'Extra dev dependencies (package specs); `projen new --from` records the blueprint here.',
        stability: 'stable',
      },
      type: { collection: { kind: 'array', elementtype: { primitive: 'string' } } },
    },
  ];
  const types = {
    [PROJECT_FQN]: {
      assembly: ASSEMBLY,
      base: 'projen.typescript.TypeScriptProject',
      docs: {
        summary: 'A production-shaped banking service: Fastify API, PostgreSQL, CDK infrastructure checked by cdk-nag.',
        custom: { pjid: 'bank-service' },
        stability: 'stable',
      },
      fqn: PROJECT_FQN,
      initializer: {
        parameters: [{ name: 'options', type: { fqn: OPTIONS_FQN } }],
      },
      kind: 'class',
      name: 'BankServiceProject',
    },
    [OPTIONS_FQN]: {
      assembly: ASSEMBLY,
      datatype: true,
      docs: { summary: 'Options of BankServiceProject.', stability: 'stable' },
      fqn: OPTIONS_FQN,
      kind: 'interface',
      name: 'BankServiceProjectOptions',
      properties,
    },
  };
  const body = {
    schema: 'jsii/0.10.0',
    name: ASSEMBLY,
    version: input.version,
    description: input.description,
    license: 'Apache-2.0',
    homepage: 'https://github.com/acme-bank/bank-blueprints',
    repository: { type: 'git', url: 'https://github.com/acme-bank/bank-blueprints.git' },
    author: { name: 'Platform team', roles: ['author'] },
    jsiiVersion: 'generated-from-options',
    dependencies: { projen: input.projenVersion },
    types,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('base64');
  return { ...body, fingerprint };
}
