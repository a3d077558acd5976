// ESLint for the generator itself (the generated service carries its own, projen-managed config).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/lib/**', 'generated-example/**', 'templates/**', '.tmp-*/**', '.quickstart/**', '.tools/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'always'],
      'no-console': 'off',
      'curly': ['error', 'all'],
      'prefer-const': 'error',
    },
  },
);
