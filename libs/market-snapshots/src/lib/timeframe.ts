// One definition, in the browser-safe contracts (the API's range checks count candles too).
export { timeframeMs } from '@platform/contracts';
