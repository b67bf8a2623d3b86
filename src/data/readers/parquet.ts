/**
 * Parquet reader: DuckDB's `read_parquet`, through the same typed chunk path as CSV. Parquet
 * columns keep their types; text cells in numeric columns are still checked and reported.
 */
import { existsSync } from 'node:fs';
import { ConvoptError } from '../../core/errors.js';
import type { IssueLog } from '../issues.js';
import { sqlString } from '../duck.js';
import { readRelation, type RelationRead } from './duckdb-read.js';

export interface ParquetReadOptions {
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
}

export async function readParquet(file: string, opts: ParquetReadOptions, log: IssueLog): Promise<RelationRead> {
  if (!existsSync(file)) {
    throw new ConvoptError('NOT_FOUND', 'The data file does not exist.', { file, hint: 'Check the path given to --data.' });
  }
  return readRelation(
    {
      relation: `read_parquet(${sqlString(file)})`,
      file,
      purpose: opts.purpose,
      ...(opts.columnMapping ? { columnMapping: opts.columnMapping } : {}),
      explainError: (err) =>
        new ConvoptError('UNREADABLE_FILE', `The file cannot be read as Parquet: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`, {
          file,
          hint: 'Check the file is a complete Parquet file (not truncated, not another format renamed to .parquet).',
          cause: err,
        }),
    },
    log,
  );
}
