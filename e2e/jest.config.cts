// Real processes talking to each other: run the suites one at a time so their start-up
// times and ports do not compete on a small machine.
module.exports = {
  displayName: 'platform-e2e',
  preset: '../jest.preset.js',
  maxWorkers: 1,
  testTimeout: 60000,
  coverageDirectory: '../coverage/e2e',
  // the secrets check over the whole run's service output (issue 15)
  globalSetup: '<rootDir>/src/support/run-record.setup.ts',
  globalTeardown: '<rootDir>/src/support/run-record.teardown.ts',
};
