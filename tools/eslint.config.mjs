import baseConfig from '../eslint.config.mjs';

// tools/exchange-sim is a project of its own, linted there
export default [{ ignores: ['exchange-sim/**'] }, ...baseConfig];
