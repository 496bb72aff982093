module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.js',
  // tools/exchange-sim is a project of its own
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/exchange-sim/'],
  coverageDirectory: '../coverage/tools',
};
