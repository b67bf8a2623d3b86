/**
 * Driver error mapping: native SQLite / PostgreSQL failures become catalogue errors (or constraint
 * violations for the store to name). The failures that are hard to provoke in a test (a full disk on
 * the PostgreSQL server, an auth failure) are checked here by their SQLSTATE / SQLite code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../core/errors.js';
import { ConstraintViolation } from './sql/driver.js';
import { mapPgError, redactUri, toDollarPlaceholders } from './postgres/driver.js';
import { mapSqliteError } from './sqlite/driver.js';

function codeOf(e: Error): string {
  return e instanceof ConvoptError ? e.code : e instanceof ConstraintViolation ? `constraint:${e.kind}` : 'other';
}

test('PostgreSQL SQLSTATEs map to catalogue codes', () => {
  const cases: [string, string][] = [
    ['23505', 'constraint:unique'],
    ['23503', 'constraint:foreign_key'],
    ['25006', 'STORE_READ_ONLY'],
    ['42501', 'STORE_READ_ONLY'],
    ['53100', 'IO_ERROR'],
    ['58030', 'IO_ERROR'],
    ['28P01', 'STORE_UNAVAILABLE'],
    ['3D000', 'STORE_UNAVAILABLE'],
    ['ECONNREFUSED', 'STORE_UNAVAILABLE'],
    ['42P01', 'other'],
  ];
  for (const [code, want] of cases) assert.equal(codeOf(mapPgError(Object.assign(new Error(`pg ${code}`), { code }), 'postgres://u:***@h/db')), want, code);
  const full = mapPgError(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }), 'postgres://h/db') as ConvoptError;
  assert.match(full.message, /rolled back/);
  assert.match(full.hint ?? '', /disk space/);
});

test('SQLite codes map to catalogue codes', () => {
  const cases: [string, string][] = [
    ['SQLITE_CONSTRAINT_UNIQUE', 'constraint:unique'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'constraint:unique'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'constraint:foreign_key'],
    ['SQLITE_READONLY', 'STORE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'STORE_READ_ONLY'],
    ['SQLITE_FULL', 'IO_ERROR'],
    ['SQLITE_IOERR_WRITE', 'IO_ERROR'],
    ['SQLITE_BUSY', 'STORE_UNAVAILABLE'],
    ['SQLITE_NOTADB', 'STORE_UNAVAILABLE'],
    ['SQLITE_ERROR', 'other'],
  ];
  for (const [code, want] of cases) assert.equal(codeOf(mapSqliteError(Object.assign(new Error(code), { code }), '/x.db')), want, code);
  const ro = mapSqliteError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }), '/x.db') as ConvoptError;
  assert.equal(ro.location.file, '/x.db');
  assert.match(ro.hint ?? '', /mode=ro/);
});

test('placeholders and redaction', () => {
  assert.equal(toDollarPlaceholders('a = ? AND b IN (?, ?)'), 'a = $1 AND b IN ($2, $3)');
  assert.equal(redactUri('postgres://me:s3cret@db:5432/x?schema=a'), 'postgres://me:***@db:5432/x?schema=a');
  assert.equal(redactUri('postgres://db/x'), 'postgres://db/x');
});
