/**
 * Segment KPIs: ads grouped by one column (campaign, age, gender, interest) with totals and the
 * ratios marketers read — CTR, CPC, CPM, conversion rate, approval rate, cost per approved
 * conversion — plus chi-square tests of whether the conversion rate (and the approval rate)
 * differs between the segments.
 *
 * Ratios are computed from the segment totals (Σ clicks / Σ impressions), not averaged per ad, so
 * big ads weigh as much as their traffic. A ratio with a zero denominator is null, never Infinity.
 */
import { ConvoptError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { chiSquareIndependence, type ChiSquareResult } from './chi-square.js';

export interface SegmentKpis {
  readonly segment: string;
  readonly ads: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly spend: number;
  readonly conversions: number;
  readonly approved: number;
  /** clicks / impressions */
  readonly ctr: number | null;
  /** spend / clicks */
  readonly cpc: number | null;
  /** 1000 · spend / impressions */
  readonly cpm: number | null;
  /** conversions / clicks */
  readonly conversionRate: number | null;
  /** approved / conversions */
  readonly approvalRate: number | null;
  /** spend / approved */
  readonly costPerApproved: number | null;
}

export interface SegmentTest extends ChiSquareResult {
  /** What was compared, in words, e.g. "converting vs non-converting clicks". */
  readonly basis: string;
  readonly note?: string;
}

export interface SegmentBreakdown {
  /** Grouping column. */
  readonly by: string;
  readonly segments: readonly SegmentKpis[];
  /** Rows left out because the grouping value was missing. */
  readonly missingRows: number;
  /** Do conversion rates differ between segments? null when fewer than two usable segments. */
  readonly conversionTest: SegmentTest | null;
  /** Do approval rates (approved among conversions) differ between segments? */
  readonly approvalTest: SegmentTest | null;
}

/** Columns the KPIs are computed from. */
export const KPI_COLUMNS = ['Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion'] as const;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Group keys per row (−1 = missing) and their labels, for a numeric or categorical column. */
function groupCodes(frame: Frame, by: string): { codes: Int32Array; labels: string[] } {
  const s = frame.column(by);
  if (s.kind === 'categorical') return { codes: s.codes, labels: [...s.levels] };
  // Typed loops rather than Array.from/filter: on a million rows the array copies dominated.
  const values = s.values;
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) seen.add(values[i]);
  const distinct = Float64Array.from(seen).sort();
  const index = new Map<number, number>();
  distinct.forEach((v, i) => index.set(v, i));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Number.isFinite(values[i]) ? index.get(values[i])! : -1;
  return { codes, labels: Array.from(distinct, (v) => String(v)) };
}

/** KPIs for each value of `by`, in level order (numeric keys ascending); empty levels are left out. */
export function segmentBreakdown(frame: Frame, by: string): SegmentBreakdown {
  for (const c of KPI_COLUMNS) {
    if (!frame.has(c)) {
      throw new ConvoptError('INVALID_DATA', `Segment KPIs need column "${c}", which the table lacks.`, {
        column: c,
        hint: `Provide ${KPI_COLUMNS.join(', ')} (map your headers with --map "Your Header=${c}").`,
      });
    }
  }
  const { codes, labels } = groupCodes(frame, by);
  const cols = KPI_COLUMNS.map((c) => frame.numeric(c));
  const k = labels.length;
  const sums = KPI_COLUMNS.map(() => new Float64Array(k));
  const ads = new Float64Array(k);
  let missingRows = 0;
  for (let i = 0; i < frame.nRows; i++) {
    const g = codes[i];
    if (g < 0) {
      missingRows++;
      continue;
    }
    ads[g]++;
    for (let c = 0; c < cols.length; c++) {
      const v = cols[c][i];
      // A missing KPI value adds nothing rather than poisoning the whole segment with NaN.
      if (Number.isFinite(v)) sums[c][g] += v;
    }
  }
  const [imp, clk, spend, conv, appr] = sums;
  const segments: SegmentKpis[] = [];
  for (let g = 0; g < k; g++) {
    if (ads[g] === 0) continue;
    segments.push({
      segment: labels[g],
      ads: ads[g],
      impressions: imp[g],
      clicks: clk[g],
      spend: spend[g],
      conversions: conv[g],
      approved: appr[g],
      ctr: ratio(clk[g], imp[g]),
      cpc: ratio(spend[g], clk[g]),
      cpm: imp[g] > 0 ? (1000 * spend[g]) / imp[g] : null,
      conversionRate: ratio(conv[g], clk[g]),
      approvalRate: ratio(appr[g], conv[g]),
      costPerApproved: ratio(spend[g], appr[g]),
    });
  }
  return { by, segments, missingRows, conversionTest: conversionTest(segments), approvalTest: approvalTest(segments) };
}

function conversionTest(segments: readonly SegmentKpis[]): SegmentTest | null {
  // Per click is the natural basis, but conversions are attributed separately from clicks and can
  // exceed them; the "did not convert" cell would then be negative, so fall back to impressions.
  const perClick = segments.every((s) => s.conversions <= s.clicks);
  const table = segments.map((s) => {
    const base = perClick ? s.clicks : s.impressions;
    return [s.conversions, Math.max(0, base - s.conversions)];
  });
  const r = chiSquareIndependence(table);
  if (!r) return null;
  return perClick
    ? { ...r, basis: 'converting vs non-converting clicks per segment' }
    : {
        ...r,
        basis: 'conversions vs impressions without a conversion per segment',
        note: 'Some segment has more conversions than clicks, so the test uses impressions as the base.',
      };
}

function approvalTest(segments: readonly SegmentKpis[]): SegmentTest | null {
  const table = segments.map((s) => [s.approved, Math.max(0, s.conversions - s.approved)]);
  const r = chiSquareIndependence(table);
  return r ? { ...r, basis: 'approved vs not approved conversions per segment' } : null;
}
