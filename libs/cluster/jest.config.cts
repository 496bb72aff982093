module.exports = {
  displayName: 'cluster',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/cluster',
};
