/**
 * `convopt eda`: read ad data (same input flags as `convopt validate`), compute the EDA report and
 * write it as one self-contained HTML file that opens offline; `--json` prints the report's data.
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ConvoptError } from '../../core/errors.js';
import { loadAds } from '../../data/load.js';
import { buildEdaReport, type EdaReport } from '../../eda/report.js';
import { renderEdaHtml } from '../../eda/html.js';
import { fmtPValue } from '../../eda/format.js';
import { addDataOptions, loadOptionsFrom, type DataCliOptions } from './validate.js';

interface EdaCliOptions extends DataCliOptions {
  output: string;
  seed: number;
  maxPairPoints: number;
}

function wholeNumber(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}; got "${v}".`);
    return n;
  };
}

/** Refuses an --output that is a directory before any data is read (fail fast). */
function checkOutput(path: string): void {
  if (statSync(resolve(path), { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConvoptError('INVALID_ARGUMENT', `--output ${path} is a directory.`, { path: '--output', value: path, hint: `Give a file name, e.g. --output ${path.replace(/\/$/, '')}/eda-report.html.` });
  }
}

/** Writes via a temporary file and a rename, so a reader never sees half a report. */
function writeReport(path: string, html: string): void {
  const abs = resolve(path);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    const tmp = `${abs}.${process.pid}.tmp`;
    writeFileSync(tmp, html);
    renameSync(tmp, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ConvoptError('IO_ERROR', `Could not write the EDA report to ${abs} (${code}).`, {
      file: abs,
      path: '--output',
      hint: 'Choose a writable location with --output, e.g. --output ./eda-report.html.',
      cause: err,
    });
  }
}

function summaryText(report: EdaReport, output: string, ms: number): string {
  const lines = [`Wrote ${output} (${report.rows.toLocaleString('en-US')} rows, ${report.columns.length} columns) in ${(ms / 1000).toFixed(2)} s.`];
  for (const s of report.segments) {
    const t = s.conversionTest;
    if (t) lines.push(`  conversion rate by ${s.label.padEnd(8)} χ² = ${t.statistic.toFixed(1)}, dof ${t.dof}, p = ${fmtPValue(t.pValue)}${t.pValue < 0.05 ? '  (differs)' : ''}`);
  }
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  addDataOptions(
    program
      .command('eda')
      .summary('write an offline HTML report exploring the ad data (summaries, charts, segment KPIs)')
      .description(
        // One paragraph: commander wraps it to the terminal's width.
        'Explore ad data: per-column summary (count, missing, mean, std, quartiles, distinct), box plots with ' +
          'outliers, a pair plot of Impressions/Clicks/Spent/Total_Conversion/Approved_Conversion (histograms on the diagonal), ' +
          'Pearson and Spearman correlation heatmaps, and KPIs by campaign, age, gender and interest (CTR, CPC, CPM, ' +
          'conversion and approval rates, cost per approved conversion) with chi-square tests of whether ' +
          'conversion rates differ between segments. The HTML file is self-contained and opens offline.',
      )
      .option('-o, --output <file>', 'where to write the HTML report', 'eda-report.html')
      .option('--seed <n>', 'seed of the pair-plot sample for large data', wholeNumber('--seed', 0), 42)
      .option('--max-pair-points <n>', 'most points drawn in the pair plot; larger data is sampled', wholeNumber('--max-pair-points', 10), 2000),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  convopt eda                                   # bundled dataset → eda-report.html\n' +
        '  convopt eda --data ads.xlsx --output reports/ads-eda.html\n' +
        '  convopt eda --data ads.csv --on-invalid drop --json > eda.json',
    )
    .action(async (o: EdaCliOptions) => {
      const t0 = performance.now();
      checkOutput(o.output);
      const { frame, report: ingest } = await loadAds(loadOptionsFrom(o));
      const report = buildEdaReport(frame, {
        seed: o.seed,
        maxPairPoints: o.maxPairPoints,
        source: { label: ingest.source, dataHash: ingest.dataHash, rowsDropped: ingest.rowsDropped },
      });
      writeReport(o.output, renderEdaHtml(report));
      const ms = performance.now() - t0;
      process.stdout.write(o.json ? `${JSON.stringify({ output: resolve(o.output), ...report }, null, 2)}\n` : `${summaryText(report, o.output, ms)}\n`);
    });
}
