// ESLint (flat config): the recommended rules plus the seams of ARCHITECTURE.md
// "Seams the tools enforce":
//   - the page (renderer/, common/) imports no Node built-in, no `electron`, and
//     nothing of electron/; it reaches the contract's types only through the
//     types-only entry `@contract` (tsconfig paths: electron/api/types.ts for the
//     Node programs, its emitted declarations for the web program), and does not
//     use Node's globals;
//   - electron/ does not import renderer/;
//   - a domain module reaches another only through its public entry
//     (electron/domain/<module>/index.ts);
//   - domain, api, db, server and CLI code never import `electron`.
// typescript-eslint needs TypeScript's JavaScript API, which the project's
// compiler (TypeScript 7, native) does not have: it comes with TypeScript 6
// from scripts/eslint-ts (a local package, so its `typescript` peer resolves
// there and the root keeps TypeScript 7 for `tsc`). Rules run without type
// information, which keeps lint fast.
import fs from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'eslint-typescript';

const domainModules = fs
  .readdirSync(new URL('./electron/domain', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate'];
const pageFiles = ['renderer/**/*.{ts,tsx}', 'common/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-electron/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      '.tsbuild/**',
      'scripts/eslint-ts/node_modules/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })],
    },
    rules: {
      // The ideographic space (U+3000) is set in Chinese text on purpose.
      'no-irregular-whitespace': [
        'error',
        { skipStrings: true, skipTemplates: true, skipComments: true, skipJSXText: true, skipRegExps: true },
      ],
      // `any` types the contract's method maps (define.ts), the fake electron module and test plumbing.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./renderer', './common'],
              from: './electron',
              message:
                "The page imports nothing of electron/: the contract's types come from '@contract' (import type).",
            },
            {
              target: ['./renderer', './common'],
              from: ['./test', './scripts'],
              message: 'The page does not import tests or scripts.',
            },
            {
              target: './electron',
              from: './renderer',
              message: 'electron/ does not import renderer/.',
            },
            ...domainModules.map((m) => ({
              target: `./electron/domain/${m}`,
              from: './electron/domain',
              except: [`./${m}`, ...domainModules.filter((o) => o !== m).map((o) => `./${o}/index.ts`)],
              message: `Another module is reached through its public entry, electron/domain/<module>/index.ts (add what ${m} needs there).`,
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'electron/**/*.mjs', 'test/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', '*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: pageFiles,
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-nodejs-modules': ['error'],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@contract', allowTypeImports: true, message: "'@contract' holds types only: use import type." },
            {
              name: 'electron',
              message: 'The page reaches Electron only through the preload bridge (renderer/api/client.ts).',
            },
          ],
          patterns: [{ group: ['electron/*'], message: 'The page reaches Electron only through the preload bridge.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...nodeGlobals.map((name) => ({
          name,
          message: `“${name}” is Node's; the page runs in Chromium without Node.`,
        })),
      ],
    },
  },
  {
    files: [
      'electron/domain/**',
      'electron/api/**',
      'electron/db/**',
      'electron/server/**',
      'electron/cli/**',
      'electron/cli.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only the Electron shell (main, preload, shell, bridge) imports electron.' },
          ],
          patterns: [{ group: ['electron/*'], message: 'Only the Electron shell imports electron.' }],
        },
      ],
    },
  },
);
