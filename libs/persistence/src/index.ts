export * from './lib/entities';
export * from './lib/migrations';
export * from './lib/data-source';
export * from './lib/migrate';
export * from './lib/database.check';
export * from './lib/persistence.module';
export * from './lib/repositories/bots.repository';
