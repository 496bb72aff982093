// Given to node with `-r` by ServiceProcess: marks the process as started by the test harness,
// the only kind of process that may read test-harness switches (service-kit test-harness.ts).
globalThis[Symbol.for('platform.test-harness')] = true;
