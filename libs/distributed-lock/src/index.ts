export * from './lib/lease';
export * from './lib/lease-names';
export * from './lib/lease.errors';
export * from './lib/lease-manager';
export * from './lib/lease-keeper';
export * from './lib/lease-group';
export * from './lib/distributed-lock.module';
