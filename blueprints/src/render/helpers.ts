/**
 * Every Handlebars helper the templates may use. Helpers format values; they never decide
 * anything: whatever a template needs computed is computed once in the component that
 * renders it and passed in the template context.
 */
import type { HelperDelegate } from 'handlebars';
import { tsLiteral } from './ts-literal';

export const HELPERS: Readonly<Record<string, HelperDelegate>> = {
  /** A value as a JSON literal: `{{json list}}` -> `["a","b"]`. */
  json: (value: unknown) => JSON.stringify(value),
  /** A string as a single-quoted TypeScript literal, escaped: `{{ts-string name}}` -> `'bank'`. */
  'ts-string': (value: unknown) => {
    if (typeof value !== 'string') {
      throw new Error(`ts-string expects a string, got ${typeof value}`);
    }
    return tsLiteral(value);
  },
};
