export * from './lib/worker-info';
export * from './lib/presence-registry';
export * from './lib/worker-registry';
export * from './lib/fair-share';
