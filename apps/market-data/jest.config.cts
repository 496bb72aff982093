module.exports = {
  displayName: 'market-data',
  preset: '../../jest.preset.js',
  // the integration specs drive real ccxt against the simulator and real Redis: a cold first
  // call (markets load) on a busy 2-core machine took over jest's 5 s default
  testTimeout: 30000,
  coverageDirectory: '../../coverage/apps/market-data',
};
