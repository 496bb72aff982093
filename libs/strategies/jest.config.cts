module.exports = {
  displayName: 'strategies',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/strategies',
};
