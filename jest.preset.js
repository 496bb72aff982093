const nxPreset = require('@nx/jest/preset').default;

// One transform for every project: SWC with legacy decorators and their metadata (Nest DI and
// TypeORM need both), about four times faster than ts-jest. Type errors are caught by the
// separate `typecheck` target, not here.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  // integration specs talk to real Postgres, Redis, ccxt and child processes; on a busy 2-core
  // machine a cold first call can pass jest's 5 s default (a project may set more)
  testTimeout: 30000,
  testMatch: ['**/?(*.)+(spec|integration-spec|e2e-spec).ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // ccxt's CommonJS build pulls the ESM-only @noble/* and @scure/* packages.
  transformIgnorePatterns: ['/node_modules/(?!(.*/node_modules/)?(@noble|@scure)/)'],
};
