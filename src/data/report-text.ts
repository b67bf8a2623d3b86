/**
 * The ingest report for people: one summary line (read / kept / dropped), the reasons rows were
 * dropped, and the first problems as a table. Commands print this; `--json` prints the report itself.
 */
import { renderTable } from '../cli/format/table.js';
import { formatValue } from '../core/errors.js';
import { RULES, type IngestReport, type Rule } from './issues.js';

export function formatIngestReport(r: IngestReport, maxIssues = 10): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [`Read ${n(r.rowsRead)} rows from ${r.source} (${r.format}); kept ${n(r.rowsKept)}, dropped ${n(r.rowsDropped)} [on invalid: ${r.onInvalid}].`];
  if (Object.keys(r.renamed).length) lines.push(`Columns renamed: ${Object.entries(r.renamed).map(([a, b]) => `"${a}" → ${b}`).join(', ')}.`);
  const reasons = Object.entries(r.dropReasons) as [Rule, number][];
  if (reasons.length) {
    lines.push('', 'Dropped rows by reason (a row can have several):');
    lines.push(renderTable(['rule', 'rows', 'meaning'], reasons.map(([rule, c]) => [rule, c, RULES[rule].text])));
  }
  const counts = Object.entries(r.issueCounts) as [Rule, number][];
  if (counts.length) {
    lines.push('', 'Problems found:');
    lines.push(renderTable(['rule', 'severity', 'count'], counts.map(([rule, c]) => [rule, RULES[rule].severity, c])));
    const shown = r.issues.slice(0, maxIssues);
    lines.push('', renderTable(['row', 'column', 'value', 'rule', 'message'], shown.map((i) => [i.row, i.column, i.value === null ? 'missing' : formatValue(i.value), i.rule, i.message]), { alignRight: [0] }));
    const total = counts.reduce((s, [, c]) => s + c, 0);
    if (total > shown.length) lines.push(`… ${n(total - shown.length)} more (use --json for the full list${r.issuesTruncated ? `, capped at ${n(r.issues.length)}` : ''}).`);
  } else lines.push('No problems found.');
  if (r.quarantinePath) lines.push('', `Rejected rows written with their reasons to ${r.quarantinePath}.`);
  lines.push(`Data hash: ${r.dataHash}`);
  return lines.join('\n');
}
