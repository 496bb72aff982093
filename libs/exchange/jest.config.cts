module.exports = {
  displayName: 'exchange',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/exchange',
};
