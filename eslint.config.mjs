// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const esdbClientOnlyInEsdb = {
  name: '@eventstore/db-client',
  message: 'Only libs/event-store/src/esdb imports the EventStoreDB client.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'libs/ledger-client/dist/**',
      'node_modules/**',
      'data/**',
      'reports/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'apps/dashboard/web/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      complexity: ['warn', 12],
      'max-params': ['error', 5],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Only the esdb adapter imports the EventStoreDB client.
    files: ['**/*.ts'],
    ignores: ['libs/event-store/src/esdb/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [esdbClientOnlyInEsdb],
        },
      ],
    },
  },
  {
    // The domain stays pure: no framework, no I/O, no clock. A later block that sets
    // no-restricted-imports replaces this list (flat config does not merge a rule's options),
    // so this block stays after every other one setting it and repeats the esdb ban.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [esdbClientOnlyInEsdb],
          patterns: [
            '@nestjs/*',
            'node:*',
            'fs',
            'path',
            'better-sqlite3',
            '@eventstore/*',
            'rxjs',
            '@ledger/*',
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'The clock comes in through command metadata.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Ids come in through command metadata.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', '**/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
