module.exports = {
  displayName: 'bot-worker',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/bot-worker',
};
