/**
 * The `/invocations` answer as text, written directly: for one-row requests, building the object
 * and running it through the response schema and JSON.stringify cost more than the scoring.
 */

/** `{"predictions":[…]}`: JSON's own number text (String(x) for finite x), null for NaN/±Infinity. */
export function predictionsJson(p: Float64Array): string {
  let s = '{"predictions":[';
  for (let i = 0; i < p.length; i++) {
    const x = p[i]!;
    s += (i > 0 ? ',' : '') + (Number.isFinite(x) ? String(x) : 'null');
  }
  return `${s}]}`;
}
