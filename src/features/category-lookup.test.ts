import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../core/errors.js';
import { Frame, type Series } from '../data/frame.js';
import { CategoricalBuilder } from '../data/builders.js';
import { CategoryLookup, MISSING, UNKNOWN } from './category-lookup.js';
import { OneHotEncoder } from './one-hot.js';
import { OrdinalEncoder } from './ordinal.js';
import { labelInput } from './step.js';

/** The plain path: a label string per row, then a label → index map. */
function naive(frame: Frame, column: string, categories: readonly string[]): Int32Array {
  const index = new Map(categories.map((c, k) => [c, k]));
  return Int32Array.from(labelInput({ frame, features: new Map() }, column, 'test'), (l) => (l === null ? MISSING : (index.get(l) ?? UNKNOWN)));
}

function textColumn(values: (string | null)[]): Series {
  const b = new CategoricalBuilder(values.length);
  for (const v of values) b.push(v);
  return b.finish();
}

test('category lookup: same index as the label-string path for numeric ids, odd numbers and text', () => {
  const numbers = [916, 936, 1178, 0, -0, 1.5, -2, 1e21, 1e-7, NaN, Infinity, 7, 916.0000001, 0.1 + 0.2];
  let seed = 7;
  const values = Float64Array.from({ length: 500 }, () => numbers[(seed = (seed * 48271) % 2147483647) % numbers.length]!);
  const frame = new Frame(new Map<string, Series>([
    ['id', { kind: 'numeric', values }],
    ['txt', textColumn(Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? null : ['a', 'b', '916', ' a', 'c'][i % 5]!)))],
  ])); // prettier-ignore
  const categorySets = [
    ['916', '936', '1178'],
    ['0', '1.5', '-2', '1e+21', '1e-7', 'Infinity', 'NaN', '-0', '0916', '1e3', '', '916', '0.30000000000000004'],
    ['a', 'b', '916', 'a'],
    [],
  ];
  for (const cats of categorySets) {
    for (const column of ['id', 'txt']) {
      assert.deepEqual(new CategoryLookup(cats).indices({ frame, features: new Map() }, column, 'test'), naive(frame, column, cats), `${column} ${cats.join('|')}`);
    }
  }
});

test('encoders keep their errors for unknown and missing categories, naming the first bad row', () => {
  const frame = new Frame(new Map<string, Series>([
    ['xyz_campaign_id', { kind: 'numeric', values: Float64Array.from([916, 936, 5, NaN]) }],
    ['age', textColumn(['30-34', null, '99', '30-34'])],
  ])); // prettier-ignore
  const oh = new OneHotEncoder({ column: 'xyz_campaign_id', handleUnknown: 'error' });
  oh.categories_ = ['916', '936'];
  assert.throws(() => oh.transform({ frame, features: new Map() }), (e: unknown) => e instanceof ConvoptError && e.location.row === 3 && e.location.value === '5' && /category "5" at row 3/.test(e.message));
  const ignore = new OneHotEncoder({ column: 'xyz_campaign_id', handleUnknown: 'ignore' });
  ignore.categories_ = ['916', '936'];
  assert.deepEqual(ignore.transform({ frame, features: new Map() }).map(([, c]) => Array.from(c)), [[1, 0, 0, 0], [0, 1, 0, 0]]);
  const ord = new OrdinalEncoder({ column: 'age', categories: ['30-34', '35-39'] });
  ord.categories_ = ['30-34', '35-39'];
  assert.throws(() => ord.transform({ frame, features: new Map() }), (e: unknown) => e instanceof ConvoptError && e.location.row === 2 && /a missing value at row 2/.test(e.message));
});
