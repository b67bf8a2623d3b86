/**
 * `convopt clean`: read and validate like `convopt validate`, then remove duplicate rows, fill or
 * drop missing values (policy per column), flag IQR outliers (optionally cap them) and write the
 * result as CSV or Parquet. Duplicate ad_ids and missing values are resolved here instead of
 * rejecting the rows; every other rule still applies.
 */
import { Command, InvalidArgumentError } from 'commander';
import { renderTable } from '../format/table.js';
import { cleanFrame, type CleanReport, type MissingPolicy } from '../../data/clean.js';
import { loadAds } from '../../data/load.js';
import { formatIngestReport } from '../../data/report-text.js';
import { writeFrame } from '../../data/write.js';
import { addDataOptions, loadOptionsFrom, type DataCliOptions } from './validate.js';

interface CleanCliOptions extends DataCliOptions {
  output: string;
  missing?: Record<string, MissingPolicy>;
  dedupe: boolean;
  capOutliers?: boolean;
  iqrK?: number;
}

function missingPolicy(v: string, prev: Record<string, MissingPolicy> = {}): Record<string, MissingPolicy> {
  const m = /^(.+)=(drop|zero|median|mode)$/.exec(v);
  if (!m) throw new InvalidArgumentError(`expected COLUMN=drop|zero|median|mode, e.g. Spent=median; got "${v}".`);
  return { ...prev, [m[1].trim()]: m[2] as MissingPolicy };
}

function positive(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError(`expected a positive number; got "${v}".`);
  return n;
}

export function formatCleanReport(r: CleanReport): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `Cleaning: ${n(r.rowsIn)} rows in, ${n(r.rowsOut)} out — ${n(r.exactDuplicates)} exact duplicates and ${n(r.conflictingAdIds)} rows reusing an earlier ad_id removed, ${n(r.missingDropped)} rows dropped for missing values.`,
  ];
  if (r.missing.length) {
    lines.push('', 'Missing values:', renderTable(['column', 'policy', 'cells', 'filled with'], r.missing.map((m) => [m.column, m.policy, m.count, m.fill ?? null])));
  }
  if (r.outliers.length) {
    lines.push(
      '',
      'IQR outliers:',
      renderTable(
        ['column', 'Q1', 'Q3', 'lower fence', 'upper fence', 'below', 'above', 'capped'],
        r.outliers.map((o) => [o.column, o.q1, o.q3, o.lower, o.upper, o.below, o.above, o.capped ? 'yes' : 'no']),
      ),
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  addDataOptions(
    program
      .command('clean')
      .summary('deduplicate, fill missing values, flag outliers, and write a clean CSV or Parquet file')
      .description(
        'Read and validate ad data (see `convopt validate`), then clean it:\n' +
          '  - duplicates: exact copies and later rows reusing an ad_id are removed\n' +
          '    (the first row wins);\n' +
          '  - missing values: per column drop | zero | median | mode (defaults: ids and\n' +
          '    outcomes drop; Impressions, Clicks, Spent median; interest, age, gender\n' +
          '    mode);\n' +
          '  - outliers: flagged outside Q1 - k*IQR .. Q3 + k*IQR (k = 1.5), capped to\n' +
          '    those fences with --cap-outliers.\n' +
          'Writes Parquet when --output ends in .parquet, CSV otherwise.',
      ),
  )
    .requiredOption('-o, --output <file>', 'where to write the cleaned data (.csv or .parquet)')
    .option('--missing <column=policy>', 'missing-value policy for a column: drop, zero, median or mode (repeatable)', missingPolicy)
    .option('--no-dedupe', 'keep duplicate rows')
    .option('--cap-outliers', 'clip values outside the IQR fences to the fences')
    .option('--iqr-k <k>', 'IQR multiplier for the fences (default 1.5)', positive)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  convopt clean --output clean.csv\n' +
        '  convopt clean --data ads.xlsx --output clean.parquet --missing Spent=zero --cap-outliers\n' +
        '  convopt clean --data ads.csv --on-invalid quarantine --quarantine rejected.csv -o clean.csv --json',
    )
    .action(async (o: CleanCliOptions) => {
      const { frame, report } = await loadAds({ ...loadOptionsFrom(o), deferRules: ['unique-ad-id', 'required-value'] });
      const cleaned = cleanFrame(frame, {
        dedupe: o.dedupe,
        ...(o.missing ? { missing: o.missing } : {}),
        ...(o.capOutliers ? { capOutliers: true } : {}),
        ...(o.iqrK !== undefined ? { iqrK: o.iqrK } : {}),
      });
      const format = await writeFrame(cleaned.frame, o.output);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ ingest: report, clean: cleaned.report, output: { path: o.output, format, rows: cleaned.frame.nRows } }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatIngestReport(report)}\n\n${formatCleanReport(cleaned.report)}\n\nWrote ${cleaned.frame.nRows.toLocaleString('en-US')} rows to ${o.output} (${format}).\n`);
      }
    });
}
