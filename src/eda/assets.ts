/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so the report can
 * inline them and open offline (no CDN). The packages' `exports` maps hide `build/`, so the files
 * are found by walking up from this module to a `node_modules` folder (works under tsx and dist/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConvoptError } from '../core/errors.js';

export interface VegaBundles {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

const FILES = { vega: 'vega/build/vega.min.js', vegaLite: 'vega-lite/build/vega-lite.min.js', vegaEmbed: 'vega-embed/build/vega-embed.min.js' } as const;

let cached: VegaBundles | undefined;

function find(rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'node_modules', rel);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new ConvoptError('NOT_FOUND', `The chart library file ${rel} was not found in any node_modules folder above convopt.`, {
    path: rel,
    hint: 'Reinstall convopt with its dependencies (npm install) so vega, vega-lite and vega-embed are present.',
  });
}

/** Reads (once per process) the three minified browser bundles. */
export function loadVegaBundles(): VegaBundles {
  cached ??= {
    vega: readFileSync(find(FILES.vega), 'utf8'),
    vegaLite: readFileSync(find(FILES.vegaLite), 'utf8'),
    vegaEmbed: readFileSync(find(FILES.vegaEmbed), 'utf8'),
  };
  return cached;
}
