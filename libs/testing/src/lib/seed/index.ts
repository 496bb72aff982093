// Rows for tests, the chaos harness and the benchmarks instead of hand-written INSERTs: the one
// INSERT per table for them (the production ones are libs/persistence's; its constraint and
// migration specs keep raw rows on purpose).
export { type Ref, type SeedDb } from './seed-db';
export * from './users';
export * from './accounts';
export * from './bots';
export * from './bot-books';
export * from './runtime';
export * from './trading';
export * from './equity';
