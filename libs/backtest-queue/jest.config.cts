module.exports = {
  displayName: 'backtest-queue',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/backtest-queue',
};
