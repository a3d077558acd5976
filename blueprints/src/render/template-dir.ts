import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file of a component's template folder and where it lands in the generated project. */
export interface TemplateFile {
  /** Path inside the template folder, e.g. `src/app.ts.hbs`. */
  readonly sourcePath: string;
  /** Path in the generated project, e.g. `src/app.ts` (the `.hbs` suffix removed). */
  readonly outputPath: string;
  /** `true` for `*.hbs` files (rendered); `false` for plain files (copied as they are). */
  readonly rendered: boolean;
}

/**
 * The templates root. A packed `bank-blueprints` carries its own `templates/` folder; in this
 * repository the package lives next to the shared top-level `templates/` folder instead.
 */
export function templatesRoot(): string {
  const packaged = path.resolve(__dirname, '..', '..', 'templates');
  if (fs.existsSync(packaged)) {
    return packaged;
  }
  const monorepo = path.resolve(__dirname, '..', '..', '..', 'templates');
  if (fs.existsSync(monorepo)) {
    return monorepo;
  }
  throw new Error(`bank-blueprints: templates folder not found at ${packaged} or ${monorepo}`);
}

/** Lists a template folder's files in a stable (sorted) order, so output is deterministic. */
export function listTemplateFiles(folder: string): TemplateFile[] {
  const files: TemplateFile[] = [];
  const walk = (relative: string): void => {
    const entries = fs.readdirSync(path.join(folder, relative), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const sourcePath = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(sourcePath);
      } else if (entry.isFile()) {
        const rendered = sourcePath.endsWith('.hbs');
        files.push({ sourcePath, outputPath: rendered ? sourcePath.slice(0, -'.hbs'.length) : sourcePath, rendered });
      }
    }
  };
  walk('');
  return files;
}
