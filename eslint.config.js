// ESLint: typescript-eslint for every package, lit and wc rules for the components.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/public/mockServiceWorker.js', 'storybook-static/**', '.ledgerside/**', '.test-results/**', 'bench/results/**', 'packages/elements/src/locales/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['packages/elements/**/*.ts', 'packages/hosts/**/*.ts', 'apps/**/*.ts', 'test/browser/**/*.ts', 'stories/**/*.ts', 'examples/**/*.{ts,js}'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/**/*.ts', 'packages/hosts/**/*.ts', 'apps/**/*.ts', 'test/browser/**/*.ts', 'stories/**/*.ts', 'examples/**/*.{ts,js}'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['scripts/**', 'packages/*/scripts/**', 'apps/build.mjs', 'bench/**', '*.config.*', 'packages/server/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
