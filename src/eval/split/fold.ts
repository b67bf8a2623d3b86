/**
 * The `Fold` type every splitter returns: train and test row indices (sorted ascending, 0-based), so a
 * model sees rows in data order whatever the split, and results do not depend on shuffle internals.
 */

export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Builds the fold whose test rows are those with `isTest[i]` set. */
export function foldFromMask(isTest: Uint8Array): Fold {
  let nTest = 0;
  for (let i = 0; i < isTest.length; i++) nTest += isTest[i];
  const train = new Int32Array(isTest.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < isTest.length; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
