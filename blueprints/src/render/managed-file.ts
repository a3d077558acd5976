import { FileBase, IResolver, Project } from 'projen';

/** How a comment is written in a file, by its extension; `undefined` when it has no comments. */
function commentFor(filePath: string): ((text: string) => string) | undefined {
  if (/\.(ts|js|mjs|cjs|mts|cts)$/.test(filePath)) {
    return (text) => `// ${text}`;
  }
  if (/(^|\/)Dockerfile$|\.(ya?ml|sh|toml|properties)$|(^|\/)\.[a-z]+ignore$/.test(filePath)) {
    return (text) => `# ${text}`;
  }
  if (/\.(md|html)$/.test(filePath)) {
    return (text) => `<!-- ${text} -->`;
  }
  return undefined;
}

/**
 * A platform-owned text file: regenerated on every `npx projen`, read-only on disk, and
 * opened by projen's marker comment so nobody edits it by hand by mistake.
 */
export class ManagedTextFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly contents: string) {
    super(project, filePath, { readonly: true, marker: true, executable: filePath.endsWith('.sh') });
    if (!commentFor(filePath)) {
      throw new Error(`${filePath}: a managed text file needs a comment syntax for projen's marker`);
    }
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const comment = commentFor(this.path)!;
    if (this.contents.startsWith('#!')) {
      const [shebang, ...rest] = this.contents.split('\n');
      return [shebang, comment(this.marker ?? ''), ...rest].join('\n');
    }
    return `${comment(this.marker ?? '')}\n${this.contents}`;
  }
}
