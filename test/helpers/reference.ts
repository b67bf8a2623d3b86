/**
 * scikit-learn's reference figures on the bundled data (copied from the project's shared reference
 * folder into test/fixtures/reference so tests and benchmarks run from any clone).
 */
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));

/** Absolute path of a reference file, e.g. `referencePath('sklearn_seed_reference.json')`. */
export function referencePath(name: 'sklearn_seed_reference.json' | 'sklearn_planning_reference.json'): string {
  return `${REFERENCE_DIR}${name}`;
}
