module.exports = {
  displayName: 'api-schemas',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/api-schemas',
};
