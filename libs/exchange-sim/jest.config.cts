module.exports = {
  displayName: 'exchange-sim',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/exchange-sim',
};
