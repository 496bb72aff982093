export * from './lib/worker-info';
export * from './lib/worker-registry';
export * from './lib/fair-share';
