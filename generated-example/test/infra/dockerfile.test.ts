import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [, image, name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ image, name, instructions: [] });
    } else {
      stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** The options (`--from=build`) and the paths of a COPY/ADD instruction, sources first, destination last. */
function copyArguments(args: string): { options: Record<string, string>; sources: string[]; destination: string } {
  const words = args.split(/\s+/);
  const options = Object.fromEntries(words.filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=') as [string, string]));
  const paths = words.filter((w) => !w.startsWith('--'));
  return { options, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}

/** npm's lock file sits in the project, or at the root of the npm workspace the project belongs to. */
function findLockFile(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) {
      return join(dir, 'package-lock.json');
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf-8'));
  const final = stages[stages.length - 1];
  const stageNames = stages.map((stage) => stage.name);

  it('builds in separate stages and runs from a slim final stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stageNames).toContain('build');
    const build = stages.find((stage) => stage.name === 'build')!;
    const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((run) => /^npm ci\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\b(tsc|projen compile)\b/.test(run))).toBe(true);
    // The final stage installs nothing with dev dependencies and does not compile.
    expect(final.instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);
    const installs = stages.flatMap((stage) => stage.instructions).filter((i) => i.keyword === 'RUN' && /npm ci/.test(i.args) && /--omit=dev/.test(i.args));
    expect(installs).toHaveLength(1);
  });

  it('pins every base image to an exact Node.js 24 release (never latest)', () => {
    for (const { image } of stages) {
      if (stageNames.includes(image)) {
        continue;
      }
      expect(image).not.toMatch(/:latest$/);
      expect(image).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim(@sha256:[a-f0-9]{64})?$/);
    }
  });

  it('runs as a non-root user in the final stage', () => {
    const users = final.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1];
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // Nothing after USER switches back.
    const afterUser = final.instructions.slice(final.instructions.findIndex((i) => i.keyword === 'USER' && i.args === user) + 1);
    expect(afterUser.map((i) => i.keyword)).not.toContain('USER');
  });

  it('copies only files of the project or outputs of earlier stages', () => {
    const lockFile = findLockFile(root);
    for (const [index, stage] of stages.entries()) {
      for (const { keyword, args } of stage.instructions.filter((i) => i.keyword === 'COPY')) {
        const { options, sources } = copyArguments(args);
        expect(sources.length, `${keyword} ${args}`).toBeGreaterThan(0);
        if (options.from) {
          expect(stageNames.slice(0, index), `${keyword} ${args}`).toContain(options.from);
          continue;
        }
        for (const source of sources) {
          expect(posix.isAbsolute(source) || source.includes('..'), source).toBe(false);
          const present = source === 'package-lock.json' ? lockFile !== undefined : existsSync(join(root, source));
          expect(present, `${source} exists in the project`).toBe(true);
        }
      }
    }
  });

  it('fetches nothing but the Amazon RDS certificate bundle, over HTTPS, readable to all', () => {
    const adds = stages.flatMap((stage) => stage.instructions).filter((i) => i.keyword === 'ADD').map((i) => copyArguments(i.args));
    expect(adds).toEqual([{
      options: { chmod: '644' },
      sources: ['https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem'],
      destination: '/etc/ssl/certs/rds-global-bundle.pem',
    }]);
    const env = final.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('NODE_EXTRA_CA_CERTS=/etc/ssl/certs/rds-global-bundle.pem');
  });

  it('starts the compiled server, exposes 8080 and checks /health', () => {
    // projen opens tsconfig.json with a `//` marker line; the rest is plain JSON.
    const tsconfigText = readFileSync(join(root, 'tsconfig.json'), 'utf-8').replace(/^\s*\/\/.*$/gm, '');
    const tsconfig = JSON.parse(tsconfigText) as { compilerOptions: { rootDir: string; outDir: string } };
    const { rootDir, outDir } = tsconfig.compilerOptions;
    expect(existsSync(join(root, rootDir, 'server.ts'))).toBe(true);
    const cmd = final.instructions.filter((i) => i.keyword === 'CMD').map((i) => JSON.parse(i.args) as string[]);
    expect(cmd).toEqual([['node', posix.join(outDir, 'server.js')]]);
    const copied = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => copyArguments(i.args));
    expect(copied).toContainEqual({ options: { from: 'build' }, sources: [`/app/${outDir}`], destination: `./${outDir}` });
    expect(final.instructions.find((i) => i.keyword === 'WORKDIR')?.args).toBe('/app');
    expect(final.instructions.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args)).toEqual(['8080']);
    const healthcheck = final.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toContain('http://127.0.0.1:8080/health');
  });

  it('bakes in no secrets', () => {
    for (const { keyword, args } of stages.flatMap((stage) => stage.instructions)) {
      if (keyword === 'ENV' || keyword === 'ARG') {
        expect(args).not.toMatch(/(PASSWORD|SECRET|TOKEN|DATABASE_URL|CARD_TOKEN_KEY|AWS_ACCESS_KEY)/i);
      }
    }
  });

  it('keeps dependencies, build output, history and local secrets out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf-8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'cdk.out', '.git', '.env', '.env.*', 'test', 'lib']));
  });
});
