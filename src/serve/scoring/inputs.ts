/**
 * Which raw ad columns a served model needs, and how each is typed. Derived from the bundle's own
 * feature pipeline (every canonical column its steps reference), so a `seed` model asks for
 * Total_Conversion while a `planning` model does not, and the server never guesses.
 */
import { CANONICAL_COLUMNS, CATEGORICAL_COLUMNS } from '../../data/schema.js';
import type { ModelBundle } from '../../models/bundle.js';

/** The canonical input columns a bundle's features read, in canonical order. */
export function requiredInputs(bundle: ModelBundle): string[] {
  const referenced = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') referenced.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  for (const step of bundle.features.toJSON().steps) visit(step.params);
  return CANONICAL_COLUMNS.filter((c) => referenced.has(c));
}

// Sets: these are asked once per column of every request.
const CATEGORICAL = new Set<string>(CATEGORICAL_COLUMNS);
const KNOWN = new Set<string>(CANONICAL_COLUMNS);

/** True for the text columns (`age`, `gender`); every other canonical column is numeric. */
export function isCategoricalColumn(name: string): boolean {
  return CATEGORICAL.has(name);
}

/** Canonical columns we accept over HTTP (others are ignored, never stored). */
export function isKnownColumn(name: string): boolean {
  return KNOWN.has(name);
}
