module.exports = {
  displayName: 'exchange-sim',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/exchange-sim',
};
