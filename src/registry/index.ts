/**
 * Public surface of the model registry: reach it through `(await openStore(uri)).registry`.
 */
export { ModelRegistry, DEFAULT_ALIAS, aliasStack, defaultActor, checkRegistryName } from './registry.js';
export type * from './entities.js';
