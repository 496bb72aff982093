import baseConfig, { browserSafe } from '../../eslint.config.mjs';

// Bundled into the dashboard too: no Node built-ins or globals (see runtime:browser there).
export default [...baseConfig, ...browserSafe(['src/**/*.ts'])];
