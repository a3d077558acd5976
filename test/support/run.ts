import { spawnSync, SpawnSyncOptions } from 'node:child_process';

/**
 * Runs a command, streaming nothing, and fails with its full output when it exits non-zero,
 * so a broken step in a long end-to-end test says exactly what went wrong.
 */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { cwd: string }): string {
  const result = spawnSync(command, args, { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${result.status}:\n${output.slice(-20_000)}`);
  }
  return output;
}
