/**
 * Public surface of tracking: open a store by URI, the store contract and its entities, the filter
 * language. Backends and SQL details stay internal.
 */
export { openStore, parseStoreUri, defaultStoreUri, type OpenOptions, type StoreLocation } from './from-uri.js';
export { TrackingStore, DEFAULT_EXPERIMENT } from './store.js';
export type { NewRun, RunUpdate, LogBatch, MetricInput, SearchRunsQuery, NewArtifact, NewStepRun, StepRunEnd, DeadRunSweep } from './store.js';
export type * from './entities.js';
export { RUN_STATUSES } from './entities.js';
export { parseFilter, parseOrderBy, type FilterAst, type Comparison, type OrderClause } from './filter.js';
export { gitCommit } from './git.js';
