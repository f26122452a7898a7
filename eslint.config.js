// ESLint flat config: typescript-eslint's recommended rules (syntax only: the type-checked set
// takes minutes on this machine and tsc already runs in the test command), a line length for
// what Prettier leaves alone (comments), and the deep-import check. Formatting is Prettier's
// job: eslint-config-prettier turns off the rules it owns. Import cycles are checked by dpdm
// (npm run lint:cycles), which also sees `import type` edges.
import js from '@eslint/js';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Package subpaths that are public: declared in the package's "exports". Any other
 * "package/path" reaches into a package's internals, which a patch release may move.
 */
const PUBLIC_SUBPATHS = [
  'kubernetes-models/**',
  '@kubernetes-models/prometheus-operator/**',
  '@kubernetes-models/gateway-api/**',
  'yaml/util',
  'vitest/config',
  'vitest/node',
  'eslint/config',
  'eslint-config-prettier/flat',
  '*/package.json',
  '@*/*/package.json',
];
/** A bare specifier with a path after the package name ("pkg/x", "@scope/pkg/x"), but package.json. */
const DEEP_SPECIFIER = '/^(?!node:)(?!.*\\/package\\.json$)(@[^/]+\\/)?[^./@][^/]*\\//';

export default defineConfig(
  // What git ignores (build output, caches, reports), plus what tools write and the repository
  // keeps: the SDK by @hey-api/openapi-ts (npm run sdk); tools/ holds the helm binary's package.
  includeIgnoreFile(`${import.meta.dirname}/.gitignore`),
  globalIgnores(['tools/', 'sdk/typescript/src/generated/', 'sdk/typescript/dist/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })] },
    rules: {
      // A leading underscore marks a binding kept on purpose (a rest sibling that drops a key,
      // a callback parameter in position).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'import-x/no-internal-modules': [
        'error',
        // relative imports resolve inside the repository, outside node_modules
        { allow: [...PUBLIC_SUBPATHS, `${import.meta.dirname}/!(node_modules)/**`] },
      ],
      // require() made by createRequire is not an import the rule above sees
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.callee.name='createRequire'] > Literal.arguments[value=${DEEP_SPECIFIER}]`,
          message: "Reaching into a package's internals; use what its main entry or its exports declare.",
        },
      ],
      // the schema derivation and the size guard read nested types from class-metadata's own record
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-transformer',
              importNames: ['Type'],
              message:
                'use Type from src/core/model/class-metadata.ts: it records the nested class where the schema reads it',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read parsed JSON and YAML and poke at it; `any` there saves casts that say nothing.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: Prettier wraps code at printWidth,
    // this holds comments to the same width. Strings, template literals, regular expressions
    // and URLs may run longer (split, they are harder to find by search).
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
);
