// Each rule here carries the reason it exists; keep it that way.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '.cassette/', 'test-artifacts/', '**/dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Type-only imports vanish at runtime, so the import graph says what
      // a module really loads.
      '@typescript-eslint/consistent-type-imports': 'error',
      // `any` switches the type checker off; use `unknown` and narrow.
      '@typescript-eslint/no-explicit-any': 'error',
      // Services log through the structured logger, never the console.
      'no-console': 'error',
      // Unused names are dead code or a bug; a leading underscore opts out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Command-line entry points talk to a person on a terminal.
    files: ['scripts/**', 'bench/**', 'packages/local-cassandra/src/cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The typed client runs in browsers as it is, so it may load nothing
    // that only Node has.
    files: ['packages/client/src/**'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The client must run in browsers.' },
          ],
        },
      ],
    },
  },
  {
    // The playground's own script runs in the browser as a classic script,
    // after the React, ReactDOM and GraphiQL builds that set these globals.
    files: ['gateway/src/playground/static/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...globals.browser,
        React: 'readonly',
        ReactDOM: 'readonly',
        GraphiQL: 'readonly',
      },
    },
  },
  {
    // The command's launcher is plain CommonJS: it registers tsx, then
    // requires the TypeScript entry point.
    files: ['packages/cli/bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Written by GraphQL Code Generator, whose helper types use `any`; the
    // files are checked for freshness, not edited.
    files: ['subgraphs/*/src/generated/**', 'packages/client/src/generated/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
