module.exports = {
  displayName: 'market-data',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/market-data',
};
