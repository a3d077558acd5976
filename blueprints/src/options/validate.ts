import { OPTION_NAMES, OPTIONS, OptionDefinition, OptionName, ResolvedBankServiceOptions } from './definition';

/** One refused option value: which option, what was given, and what is allowed. */
export interface OptionProblem {
  readonly option: string;
  /** The `projen new` switch of the option, e.g. `--service-name`. */
  readonly switch: string;
  readonly message: string;
}

/**
 * Thrown when options are refused. Its message lists every problem at once, so a user fixes
 * all of them in one go instead of discovering them one run at a time.
 */
export class BlueprintOptionsError extends Error {
  constructor(readonly problems: readonly OptionProblem[]) {
    super(['Invalid bank-service options:', ...problems.map((p) => `  - ${p.message}`)].join('\n'));
    this.name = 'BlueprintOptionsError';
  }
}

/** `serviceName` -> `--service-name`, the same switch projen derives from the manifest. */
export function switchOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Checks `input` against the option definition and fills in defaults.
 *
 * `undefined` means "use the default"; anything else must be exactly of the option's kind
 * (no coercion: a string "true" is not a boolean). Unknown option names are refused, so a
 * typo such as `serviceNmae` never silently falls back to a default.
 */
export function resolveOptions(input: Readonly<Record<string, unknown>>): ResolvedBankServiceOptions {
  const problems: OptionProblem[] = [];
  for (const name of Object.keys(input).sort()) {
    if (!(OPTION_NAMES as string[]).includes(name)) {
      problems.push({
        option: name,
        switch: switchOf(name),
        message: `"${name}" is not an option of bank-service; the options are ${OPTION_NAMES.join(', ')}.`,
      });
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const definition = OPTIONS[name] as OptionDefinition;
    const value = input[name] === undefined ? definition.default : input[name];
    const reason = refusalReason(definition, value);
    if (reason) {
      problems.push({
        option: name,
        switch: switchOf(name),
        message: `${name} (${switchOf(name)}): ${JSON.stringify(value)} is refused because ${reason}. Allowed: ${definition.allowed}.`,
      });
    }
    resolved[name] = Array.isArray(value) ? [...value] : value;
  }
  if (problems.length > 0) {
    throw new BlueprintOptionsError(problems);
  }
  return resolved as unknown as ResolvedBankServiceOptions;
}

function refusalReason(definition: OptionDefinition, value: unknown): string | undefined {
  switch (definition.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `it is ${describe(value)}, not true or false`;
    case 'string':
      if (typeof value !== 'string') {
        return `it is ${describe(value)}, not a string`;
      }
      return prefixed('it', stringReason(definition, value)) ?? definition.check?.(value as never);
    case 'string-list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        return `it is ${describe(value)}, not a list of strings`;
      }
      for (const item of value as string[]) {
        const reason = prefixed(`item ${JSON.stringify(item)}`, stringReason(definition, item));
        if (reason) {
          return reason;
        }
      }
      return definition.check?.(value as never);
  }
}

/** Why a string (or list item) breaks the option's choices or pattern, as a predicate. */
function stringReason(definition: OptionDefinition, value: string): string | undefined {
  if (definition.choices && !definition.choices.includes(value)) {
    return 'is not one of the allowed values';
  }
  if (definition.pattern && !definition.pattern.test(value)) {
    return 'does not have the allowed form';
  }
  return undefined;
}

function prefixed(subject: string, predicate: string | undefined): string | undefined {
  return predicate === undefined ? undefined : `${subject} ${predicate}`;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return `a ${typeof value}`;
}

export type { OptionName };
