/**
 * `convopt validate`: read a data source, check every row against the canonical schema and print
 * the ingest report (rows read / kept / dropped and why, each problem with row, column, value and
 * rule). Exits non-zero when rows are invalid under `--on-invalid fail`. Also owns the data-source
 * options shared with `convopt clean`.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { LoadOptions } from '../../data/load.js';
import { loadAds } from '../../data/load.js';
import { formatIngestReport } from '../../data/report-text.js';
import { CANONICAL_COLUMNS } from '../../data/columns.js';

export interface DataCliOptions {
  data?: string;
  sheet?: string;
  query?: string;
  map?: Record<string, string>;
  onInvalid?: 'fail' | 'drop' | 'quarantine';
  quarantine?: string;
  maxLineBytes?: number;
  json?: boolean;
}

function mapping(v: string, prev: Record<string, string> = {}): Record<string, string> {
  const at = v.lastIndexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected "HEADER=column", e.g. "Amount spent (USD)=Spent"; got "${v}".`);
  const to = v.slice(at + 1).trim();
  if (!(CANONICAL_COLUMNS as readonly string[]).includes(to)) throw new InvalidArgumentError(`"${to}" is not a canonical column; use one of ${CANONICAL_COLUMNS.join(', ')}.`);
  return { ...prev, [v.slice(0, at).trim()]: to };
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number; got "${v}".`);
  return n;
}

/** Adds --data/--sheet/--query/--map/--on-invalid/--quarantine/--max-line-bytes/--json. */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--data <path|url>', 'CSV/TSV, .xlsx, .parquet file, or postgres://user:pass@host/db (default: the bundled Kaggle CSV)')
    .option('--sheet <name>', 'XLSX sheet to read (default: the first sheet)')
    .option('--query <sql>', 'SQL to run when --data is a postgres:// URL')
    .option('--map <header=column>', 'map one of your headers onto a canonical column (repeatable)', mapping)
    .addOption(new Option('--on-invalid <policy>', 'rows breaking a rule: fail (stop), drop (skip), quarantine (skip and save with reasons)').choices(['fail', 'drop', 'quarantine']).default('fail'))
    .option('--quarantine <file>', 'CSV for rejected rows with --on-invalid quarantine (default: quarantine.csv)')
    .option('--max-line-bytes <n>', 'refuse CSV lines longer than this (default: 1 MiB)', positiveInt)
    .option('--json', 'print the report as JSON (for scripts)');
}

export function loadOptionsFrom(o: DataCliOptions): LoadOptions {
  return {
    ...(o.data !== undefined ? { data: o.data } : {}),
    ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
    ...(o.query !== undefined ? { query: o.query } : {}),
    ...(o.map ? { columnMapping: o.map } : {}),
    onInvalid: o.onInvalid ?? 'fail',
    ...(o.quarantine !== undefined ? { quarantinePath: o.quarantine } : {}),
    ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
  };
}

export function register(program: Command): void {
  addDataOptions(
    program
      .command('validate')
      .summary('check a data file against the ad schema and report every problem')
      .description(
        'Read ad data (CSV/TSV with , ; or tab, XLSX, Parquet, or a PostgreSQL query),\n' +
          'map its headers onto the canonical columns and check every row:\n' +
          '  - required columns present, numbers parse, counts are non-negative integers,\n' +
          '  - Spent >= 0, Clicks <= Impressions, Approved_Conversion <= Total_Conversion,\n' +
          '  - ad_id unique, age/gender in the known sets (unknown ones are warnings).\n' +
          'Prints rows read, kept, dropped and why. Exit code 0 when the data is usable,\n' +
          '65 when rows are invalid under --on-invalid fail.',
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  convopt validate                                   # the bundled dataset\n' +
        '  convopt validate --data ads.csv --json             # machine-readable report\n' +
        '  convopt validate --data export.xlsx --sheet "Ads" --map "Amount spent (USD)=Spent"\n' +
        '  convopt validate --data ads.csv --on-invalid quarantine --quarantine rejected.csv\n' +
        '  convopt validate --data postgres://me:pw@localhost/ads --query "select * from ads"',
    )
    .action(async (o: DataCliOptions) => {
      const { report } = await loadAds(loadOptionsFrom(o));
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatIngestReport(report)}\n`);
    });
}
