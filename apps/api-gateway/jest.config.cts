module.exports = {
  displayName: 'api-gateway',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/api-gateway',
  // Integration specs create a database and a redis-server each, and hash passwords with argon2.
  testTimeout: 30000,
};
