export * from './lib/wait-for';
export * from './lib/free-port';
export * from './lib/workspace-root';
export * from './lib/test-database';
export * from './lib/redis-server';
export * from './lib/service-process';
export * from './lib/env-example';
export * from './lib/ownership-audit';
