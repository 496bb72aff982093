module.exports = {
  displayName: 'market-snapshots',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/market-snapshots',
};
