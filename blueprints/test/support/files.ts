import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file below `dir` (relative paths, sorted), skipping folders named in `skip`. */
export function listFiles(dir: string, skip: readonly string[] = ['node_modules']): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.includes(entry.name)) {
          walk(child);
        }
      } else {
        files.push(child);
      }
    }
  };
  walk('');
  return files.sort();
}
