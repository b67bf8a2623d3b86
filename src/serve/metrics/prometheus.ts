/**
 * A tiny Prometheus text-exposition registry (counters, gauges, histograms with labels), enough for
 * `/metrics` without another dependency. Label sets are kept in maps keyed by their rendered form,
 * so recording is a map lookup and an add.
 */

type Labels = Readonly<Record<string, string>>;

function renderLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

interface Metric {
  render(): string;
}

/** One label set's running value; held by callers on hot paths so recording is a single add. */
export interface CounterChild {
  inc(by?: number): void;
}

class CounterCell implements CounterChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class Counter implements Metric {
  private readonly values = new Map<string, CounterCell>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** The cell of one label set (created at 0 on first use, so it renders only once counted). */
  child(labels: Labels = {}): CounterChild {
    const key = renderLabels(labels);
    let c = this.values.get(key);
    if (!c) {
      c = new CounterCell();
      this.values.set(key, c);
    }
    return c;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.child(labels).inc(by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(renderLabels(labels))?.value ?? 0;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const [k, c] of this.values) out += `${this.name}${k} ${c.value}\n`;
    return out;
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  set(labels: Labels, value: number): void {
    this.values.set(renderLabels(labels), value);
  }

  /** Drops every label set (e.g. the previous model's info line). */
  reset(): void {
    this.values.clear();
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} gauge\n`;
    for (const [k, v] of this.values) out += `${this.name}${k} ${v}\n`;
    return out;
  }
}

/** Default latency buckets in seconds (0.5 ms … 10 s). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface HistogramChild {
  observe(value: number): void;
}

class HistogramSeries implements HistogramChild {
  /** Per-bucket (not cumulative) counts: one increment per observation; render accumulates. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    private readonly buckets: readonly number[],
  ) {
    this.counts = new Float64Array(buckets.length);
  }

  observe(value: number): void {
    const b = this.buckets;
    let i = 0;
    // Latencies sit in the first buckets, so a scan from the bottom stops after a step or two.
    while (i < b.length && value > b[i]!) i++;
    if (i < b.length) this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  /** The series of one label set (created empty on first use). */
  child(labels: Labels): HistogramChild {
    const key = renderLabels(labels);
    let s = this.series.get(key);
    if (!s) {
      s = new HistogramSeries(labels, this.buckets);
      this.series.set(key, s);
    }
    return s;
  }

  observe(labels: Labels, value: number): void {
    this.child(labels).observe(value);
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i]!;
        out += `${this.name}_bucket${renderLabels({ ...s.labels, le: String(b) })} ${cumulative}\n`;
      });
      out += `${this.name}_bucket${renderLabels({ ...s.labels, le: '+Inf' })} ${s.count}\n`;
      out += `${this.name}_sum${renderLabels(s.labels)} ${s.sum}\n${this.name}_count${renderLabels(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** The server's metrics, rendered together at `/metrics`. */
export class ServeMetrics {
  readonly requests = new Counter('convopt_http_requests_total', 'HTTP requests by route, method and status code.');
  readonly latency = new Histogram('convopt_http_request_duration_seconds', 'HTTP request latency by route and method.');
  readonly predictions = new Counter('convopt_predictions_total', 'Rows scored, by endpoint.');
  readonly rejectedRows = new Counter('convopt_rejected_rows_total', 'Rows refused as invalid, by endpoint.');
  readonly modelInfo = new Gauge('convopt_model_info', 'The served model (value 1), by name, version and kind.');
  readonly modelSwaps = new Counter('convopt_model_swaps_total', 'Times a new model version was swapped in.');

  render(): string {
    return [this.requests, this.latency, this.predictions, this.rejectedRows, this.modelInfo, this.modelSwaps].map((m) => m.render()).join('');
  }
}
