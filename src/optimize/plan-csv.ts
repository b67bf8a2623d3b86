/** The plan as CSV (one row per segment), for spreadsheets and the web app's download button. */
import { csvCell } from '../data/csv-cell.js';
import type { Plan } from './plan.js';
import { KEY_FIELDS } from './response/model.js';

export function planToCsv(plan: Plan): string {
  const fields = KEY_FIELDS.filter((f) => plan.segmentFields.includes(f));
  const header = [...fields, 'ads', 'historic_spend', 'historic_approved', 'historic_mix_spend', 'plan_spend', 'expected_approved', 'interval_low', 'interval_high', 'cost_per_approved', 'marginal_return'];
  const rows = plan.segments.map((s) => [
    ...fields.map((f) => s.labels[f]),
    s.ads,
    s.historicSpend,
    s.historicApproved,
    s.historicMixSpend,
    s.spend,
    s.expectedConversions,
    s.interval?.low,
    s.interval?.high,
    s.costPerConversion,
    s.marginalReturn,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
