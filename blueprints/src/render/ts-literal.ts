/** A JSON-like value as TypeScript source in the generated project's style. */
export function tsLiteral(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(tsLiteral).join(', ')}]`;
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    return String(value);
  }
  throw new Error(`cannot write ${JSON.stringify(value)} into .projenrc.ts`);
}
