/** The materializer registry: type tag → materializer. Steps declare outputs by these tags. */
import { ConvoptError } from '../../../core/errors.js';
import { jsonMaterializer, metricsMaterializer, modelMaterializer, reportMaterializer } from './json.js';
import type { Materializer } from './materializer.js';
import { tableMaterializer } from './table.js';

export type { Materializer } from './materializer.js';
export { tableMaterializer } from './table.js';
export { jsonMaterializer, metricsMaterializer, modelMaterializer, reportMaterializer } from './json.js';

/** Built-in materializers by type tag. */
export const MATERIALIZERS: Readonly<Record<string, Materializer<unknown>>> = {
  table: tableMaterializer as Materializer<unknown>,
  json: jsonMaterializer,
  metrics: metricsMaterializer,
  model: modelMaterializer,
  report: reportMaterializer as Materializer<unknown>,
};

/** The materializer for a type tag; INVALID_ARGUMENT naming the known tags otherwise. */
export function materializerFor(type: string): Materializer<unknown> {
  const m = MATERIALIZERS[type];
  if (!m) {
    throw new ConvoptError('INVALID_ARGUMENT', `No materializer for artifact type "${type}".`, { value: type, hint: `Use one of: ${Object.keys(MATERIALIZERS).join(', ')}.` });
  }
  return m;
}
