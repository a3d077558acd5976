import * as path from 'node:path';
import { discover } from 'projen/lib/inventory';
import { describe, expect, it } from 'vitest';
import { OPTION_NAMES, OPTIONS, switchOf } from '../src';

const PACKAGE_DIR = path.resolve(__dirname, '..');

describe('.jsii manifest (what `projen new` reads)', () => {
  const type = discover(PACKAGE_DIR).find((t) => t.pjid === 'bank-service');

  it('registers the bank-service project type from bank-blueprints', () => {
    expect(type).toBeDefined();
    expect(type!.moduleName).toBe('bank-blueprints');
    expect(type!.fqn).toBe('bank-blueprints.BankServiceProject');
    expect(type!.docs).toMatch(/banking service/);
  });

  it('offers every option as a documented CLI switch with its default', () => {
    const byName = new Map(type!.options.map((option) => [option.name, option]));
    for (const name of OPTION_NAMES) {
      const definition = OPTIONS[name];
      const option = byName.get(name);
      expect(option, name).toBeDefined();
      expect(`--${option!.switch}`).toBe(switchOf(name));
      expect(option!.docs).toBe(definition.description);
      expect(option!.default).toBe(JSON.stringify(definition.default));
      if (definition.default) {
        // Required with a default: `projen new` fills it in.
        expect(option!.optional ?? false, name).toBe(false);
        expect(JSON.parse(option!.initialValue!)).toEqual(definition.default);
      } else {
        // projen's `projen new` counts a falsy value as missing: such options must be optional
        // (the project applies the default), or leaving them out would fail.
        expect(option!.optional, name).toBe(true);
      }
      const expectedType = definition.kind === 'string-list' ? 'unknown' : definition.kind;
      expect(option!.simpleType).toBe(expectedType);
      // Every option can be given on the command line: a primitive or a list of strings.
      const cliSupported = ['string', 'boolean'].includes(option!.simpleType)
        || (option!.jsonLike && option!.type?.collection?.elementtype?.primitive === 'string');
      expect(cliSupported, name).toBe(true);
    }
  });

  it('has no options beyond the definition except projen\'s outdir and devDeps', () => {
    const names = type!.options.map((option) => option.name).sort();
    expect(names).toEqual([...OPTION_NAMES, 'devDeps', 'outdir'].sort());
  });
});
