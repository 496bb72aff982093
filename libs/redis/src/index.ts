export * from './lib/redis-url';
export * from './lib/create-redis';
