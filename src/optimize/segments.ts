/**
 * Audience segments: ads grouped by the chosen fields (default campaign × age × gender × interest),
 * with their history (ads, spend, approved conversions) and the response curve the planning model
 * implies for each segment's total spend.
 */
import { PowerCurve, SumCurve, type ResponseCurve } from './curve.js';
import type { AdKeys, KeyField, ResponseModel } from './response/model.js';

export interface Segment {
  /** Stable id, e.g. `campaign=1178|age=30-34|gender=M|interest=16`. */
  readonly key: string;
  readonly labels: Readonly<Partial<Record<KeyField, string>>>;
  /** Row indices of the segment's historic ads. */
  readonly rows: readonly number[];
  readonly historicSpend: number;
  readonly historicApproved: number;
}

export function segmentKey(labels: Partial<Record<KeyField, string>>, dims: readonly KeyField[]): string {
  return dims.map((d) => `${d}=${labels[d]}`).join('|');
}

/** Groups ads by `dims`; segments are sorted by key so plans are deterministic. */
export function groupSegments(keys: AdKeys, dims: readonly KeyField[], spend: ArrayLike<number>, approved: ArrayLike<number>): Segment[] {
  const groups = new Map<string, { labels: Partial<Record<KeyField, string>>; rows: number[]; spend: number; approved: number }>();
  for (let i = 0; i < spend.length; i++) {
    const labels: Partial<Record<KeyField, string>> = {};
    for (const d of dims) labels[d] = keys[d][i];
    const key = segmentKey(labels, dims);
    let g = groups.get(key);
    if (!g) {
      g = { labels, rows: [], spend: 0, approved: 0 };
      groups.set(key, g);
    }
    g.rows.push(i);
    g.spend += spend[i];
    g.approved += approved[i];
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({ key, labels: g.labels, rows: g.rows, historicSpend: g.spend, historicApproved: g.approved }));
}

/**
 * The segment's response to its total spend s, spread evenly over its ads: each ad a contributes
 * base_a · (1 + s/(n·κ))^γ_campaign(a). Ads of one campaign share γ, so they fold into one power term.
 */
export function segmentCurve(model: ResponseModel, keys: AdKeys, segment: Segment, bases: ArrayLike<number>): ResponseCurve {
  const byCampaign = new Map<string, number>();
  for (const i of segment.rows) byCampaign.set(keys.campaign[i], (byCampaign.get(keys.campaign[i]) ?? 0) + bases[i]);
  const scale = segment.rows.length * model.kappa;
  const parts = [...byCampaign.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([campaign, base]) => new PowerCurve(base, scale, model.gamma(campaign)));
  return parts.length === 1 ? parts[0] : new SumCurve(parts);
}
