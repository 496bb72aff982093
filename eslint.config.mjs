import nx from '@nx/eslint-plugin';

// Module boundaries, enforced by lint (part of `npm test`):
// - apps depend only on libs; libs never on apps; apps never on each other;
// - pure libs (scope:shared: contracts, strategies) depend on nothing with I/O;
// - ccxt lives only in libs/exchange, typeorm/pg only in libs/persistence
//   (apps may wire TypeORM in their composition roots, see the rule below).
// (libs/testing also talks to Postgres directly: it creates and drops throwaway databases.)
const vendorOwners = [
  { pkgs: ['ccxt'], owners: ['exchange', 'exchange-sim'] }, // the simulator's tests drive real ccxt
  { pkgs: ['typeorm', '@nestjs/typeorm'], owners: ['persistence'] },
  { pkgs: ['pg'], owners: ['persistence', 'testing'] },
];

const tests = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**'];
const testingOnlyInTests = {
  name: '@platform/testing',
  message: 'Only tests may use @platform/testing.',
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/coverage', '.data/**', '.nx/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
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
              sourceTag: 'scope:infra',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra', 'scope:testing'],
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
      ],
    },
  },
  {
    // Test helpers (throwaway databases, redis-servers, child processes) stay out of shipped
    // code, and apps reach the database through libs/persistence: only their composition
    // roots (main.ts, *.module.ts) may mention TypeORM, to wire it.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: tests,
    rules: { 'no-restricted-imports': ['error', { paths: [testingOnlyInTests] }] },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: [...tests, 'apps/*/src/main.ts', 'apps/*/src/**/*.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            testingOnlyInTests,
            ...['typeorm', '@nestjs/typeorm', 'pg'].map((name) => ({
              name,
              message: 'Use the repositories exported by @platform/persistence.',
            })),
          ],
        },
      ],
    },
  },
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
