import * as fs from 'node:fs';
import * as path from 'node:path';
import { Component, JsonFile, Project, SampleFile } from 'projen';
import { renderTemplate } from '../render/handlebars';
import { ManagedTextFile } from '../render/managed-file';
import { listTemplateFiles, templatesRoot } from '../render/template-dir';
import type { TemplateContext } from './template-context';

/** Who owns a generated file after it is written. */
export type Ownership = 'managed' | 'team-owned';

/**
 * What a component declares about its template folder, in one place:
 * - `managed`: output paths the platform owns. projen rewrites them on every `npx projen`,
 *   they are read-only and carry projen's marker.
 * - everything else in the folder is team-owned: written once when the project is created
 *   (projen `SampleFile`), then grown by the service team and never overwritten.
 */
export interface TemplateOwnership {
  readonly managed: readonly string[];
  /**
   * Output paths that exist only when a feature is on (`loans`, `cards`); everything not
   * listed is generated whatever the features.
   */
  readonly onlyWith?: { readonly [F in keyof TemplateContext['features']]?: readonly string[] };
}

/**
 * A projen component that renders one folder of `templates/` into the project, honouring the
 * folder's ownership declaration. Subclasses name the folder, declare ownership and add the
 * dependencies their files need.
 */
export abstract class TemplateComponent extends Component {
  /** Output path -> ownership, for every file this component rendered. */
  readonly files = new Map<string, Ownership>();

  protected constructor(project: Project, folder: string, ownership: TemplateOwnership, context: TemplateContext) {
    super(project, `Templates:${folder}`);
    const root = path.join(templatesRoot(), folder);
    const templates = listTemplateFiles(root);
    const outputs = new Set(templates.map((t) => t.outputPath));
    const featureFiles = Object.entries(ownership.onlyWith ?? {}) as Array<[keyof TemplateContext['features'], readonly string[]]>;
    const declared = [...ownership.managed, ...featureFiles.flatMap(([, paths]) => paths)];
    const stale = declared.filter((p) => !outputs.has(p));
    if (stale.length > 0) {
      throw new Error(`templates/${folder}: files declared but missing: ${stale.join(', ')}`);
    }
    const switchedOff = new Set(featureFiles.filter(([feature]) => !context.features[feature]).flatMap(([, paths]) => paths));
    for (const template of templates) {
      if (switchedOff.has(template.outputPath)) {
        continue;
      }
      const source = fs.readFileSync(path.join(root, template.sourcePath), 'utf-8');
      const contents = template.rendered ? renderTemplate(`${folder}/${template.sourcePath}`, source, context) : source;
      const owner: Ownership = ownership.managed.includes(template.outputPath) ? 'managed' : 'team-owned';
      this.files.set(template.outputPath, owner);
      if (owner === 'team-owned') {
        new SampleFile(project, template.outputPath, { contents });
      } else if (template.outputPath.endsWith('.json')) {
        new JsonFile(project, template.outputPath, { obj: JSON.parse(contents), marker: true, readonly: true });
      } else {
        new ManagedTextFile(project, template.outputPath, contents);
      }
    }
  }
}
