const nxPreset = require('@nx/jest/preset').default;

// One transform for every project: SWC with legacy decorators and their metadata (Nest DI and
// TypeORM need both), about four times faster than ts-jest. Type errors are caught by the
// separate `typecheck` target, not here.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
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
