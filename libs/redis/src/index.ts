export * from './lib/redis-url';
export * from './lib/sentinel-url';
export * from './lib/create-redis';
export * from './lib/sentinel-client';
export * from './lib/subscribe-when-ready';
