export * from './plan-limits';
export * from './queryable';
export * from './users.queries';
