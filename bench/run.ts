/**
 * `npm run bench`: measures the generator and prints a Markdown table to paste into
 * bench/README.md together with the machine and date it prints.
 *
 * 1. Rendering the whole service in-process: projen's project creation (`Projects.createProject`,
 *    as `projen new` calls it) with the default options, every template rendered and every
 *    file written to a fresh folder. Target: under 300 ms.
 * 2. `projen new --from bank-blueprints@file:<tarball> bank-service --no-post` wall time, the
 *    command a developer types (it installs the blueprint package into the folder first, from
 *    the local npm cache). Target: under 5 s.
 * 3. The first step of (2) that is projen's, not the blueprint's: in an empty folder
 *    `projen new` installs projen itself (`npm install projen`) before it reads any blueprint.
 * 4. The generated service's full infrastructure synthesis, as its `npx projen synth:infra`
 *    runs it (`cdk synth --quiet` in generated-example/): every stack, every cdk-nag pack the
 *    options select, cfn-guard's Control Tower rules and CloudFormation's own validation.
 *    Target: under 30 s.
 *
 * `BENCH_ONLY=synth` (or render, new) runs one measurement.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateService, REPO_ROOT } from '../scripts/lib/generate';
import { packBlueprints } from '../scripts/lib/pack';

const RENDER_RUNS = 30;
const NEW_RUNS = 5;
const SYNTH_RUNS = 3;
const ONLY = process.env.BENCH_ONLY;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: number[]): { median: number; p95: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}

function measureRendering(scratch: string): number[] {
  generateService(path.join(scratch, 'warm-up'));
  const samples: number[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) {
    const dir = path.join(scratch, `render-${i}`);
    const start = process.hrtime.bigint();
    generateService(dir);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

function measureProjenNew(scratch: string): number[] {
  const tarball = packBlueprints(path.join(scratch, 'dist'));
  const projen = path.join(REPO_ROOT, 'node_modules', '.bin', 'projen');
  const samples: number[] = [];
  for (let i = 0; i < NEW_RUNS; i++) {
    const dir = path.join(scratch, `new-${i}`);
    fs.mkdirSync(dir);
    const start = process.hrtime.bigint();
    const result = spawnSync(projen, ['new', '--from', `bank-blueprints@file:${tarball}`, 'bank-service', '--no-post', '--no-git'], {
      cwd: dir,
      encoding: 'utf-8',
      env: { ...process.env, CI: '' },
    });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) {
      throw new Error(`projen new failed:\n${result.stdout}${result.stderr}`);
    }
  }
  return samples;
}

function measureProjenInstall(scratch: string): number[] {
  const samples: number[] = [];
  for (let i = 0; i < NEW_RUNS; i++) {
    const dir = path.join(scratch, `projen-install-${i}`);
    fs.mkdirSync(dir);
    const start = process.hrtime.bigint();
    // The same arguments projen new uses for this step.
    const result = spawnSync('npm', ['install', '--save', '--save-dev', '-f', '--no-package-lock', '--include=dev', `--prefix=${dir}`, 'projen@latest'], {
      cwd: dir,
      encoding: 'utf-8',
    });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) {
      throw new Error(`npm install projen failed:\n${result.stdout}${result.stderr}`);
    }
  }
  return samples;
}

function measureInfraSynth(scratch: string): number[] {
  const example = path.join(REPO_ROOT, 'generated-example');
  const cdk = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  const samples: number[] = [];
  for (let i = 0; i < SYNTH_RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cdk, ['synth', '--quiet', '--output', path.join(scratch, `cdk-out-${i}`)], { cwd: example, encoding: 'utf-8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) {
      throw new Error(`cdk synth failed:\n${result.stdout}${result.stderr}`);
    }
  }
  return samples;
}

function row(name: string, samples: number[], target: number): string {
  const s = summary(samples);
  const verdict = s.median <= target ? 'met' : 'missed';
  return `| ${name} | ${samples.length} | ${s.median.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.min.toFixed(0)}-${s.max.toFixed(0)} | < ${target} | ${verdict} |`;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-blueprints-bench-'));
try {
  const wanted = (name: string) => ONLY === undefined || ONLY === name;
  const rows: string[] = [];
  if (wanted('render')) {
    rows.push(row('render the whole service in-process (createProject + synth)', measureRendering(scratch), 300));
  }
  if (wanted('new')) {
    rows.push(row('`projen new --from bank-blueprints@file:… bank-service --no-post`', measureProjenNew(scratch), 5000));
    rows.push(row('of which: `npm install projen` into the empty folder (projen\'s own first step)', measureProjenInstall(scratch), 5000));
  }
  if (wanted('synth')) {
    rows.push(row('generated-example: `cdk synth` of every stack with all packs and Control Tower rules', measureInfraSynth(scratch), 30_000));
  }
  console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`);
  console.log(`Node.js ${process.version}; date ${new Date().toISOString().slice(0, 10)}`);
  console.log('');
  console.log('| measurement | runs | median ms | p95 ms | range ms | target ms | |');
  console.log('|---|---|---|---|---|---|---|');
  for (const line of rows) {
    console.log(line);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
