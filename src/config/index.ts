/** Configuration: the file schema, loading with field-path errors, and flag overrides. */
export { configSchema, DEFAULT_FAMILIES, DEFAULT_MODEL_NAME, type ConvoptConfigFile } from './schema.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfigFile, parseConfig } from './load.js';
export { resolveTrainConfig, type ModelFamily, type TrainConfig, type TrainOverrides } from './resolve.js';
