/**
 * Progress display for multi-step commands (`convopt train`, `predict`). Three modes, chosen from the
 * output stream: on a TTY, one live line per step redrawn in place (spinner while running, a bar when
 * the step reports a fraction, ✓/↺/✗ with the duration when it ends); on a pipe or file, one plain
 * log line per state change (no escape codes, so CI logs stay readable); with `--json`, nothing
 * (stdout is reserved for the JSON document). Displays read events; they never affect results.
 */

/** Step states the display knows; matches the pipeline runner's node statuses. */
export type ProgressStatus = 'pending' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/** One update for one step. */
export interface ProgressEvent {
  readonly id: string;
  readonly status: ProgressStatus;
  readonly durationMs?: number;
  readonly fraction?: number;
  readonly note?: string;
  readonly error?: string;
}

/** A display: `update` per event, `stop` once at the end (restores the cursor). */
export interface Progress {
  update(event: ProgressEvent): void;
  stop(): void;
}

/** Minimal writable stream surface (process.stderr, or a test buffer). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<ProgressStatus, string> = { pending: '·', running: '…', cached: '↺', done: '✓', failed: '✗', skipped: '-' };

/** `1.23 s` / `45 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function bar(fraction: number, width = 12): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${Math.round(f * 100)}%`;
}

function describe(e: ProgressEvent): string {
  const tail = e.durationMs !== undefined ? ` (${formatDuration(e.durationMs)})` : '';
  const err = e.error ? `: ${e.error.split('\n')[0]}` : '';
  return `${e.status}${tail}${err}`;
}

/** Plain lines: `[train] step load: done (12 ms)`. Progress fractions are not logged (too chatty). */
export class LineProgress implements Progress {
  constructor(
    private readonly out: ProgressStream,
    private readonly label: string,
  ) {}

  update(e: ProgressEvent): void {
    if (e.status === 'running' && (e.fraction !== undefined || e.note !== undefined)) return;
    this.out.write(`[${this.label}] ${e.id}: ${describe(e)}\n`);
  }

  stop(): void {}
}

/** Live multi-line display redrawn in place with ANSI cursor movement. */
export class TtyProgress implements Progress {
  private readonly rows = new Map<string, ProgressEvent & { startedAt: number }>();
  private drawn = 0;
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: ProgressStream,
    private readonly label: string,
  ) {
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }

  update(e: ProgressEvent): void {
    const prev = this.rows.get(e.id);
    this.rows.set(e.id, { ...prev, ...e, startedAt: prev?.startedAt ?? Date.now() });
    this.draw();
  }

  private draw(): void {
    this.frame = (this.frame + 1) % SPINNER.length;
    // Some pseudo-terminals report 0 columns; fall back to 100 then.
    const width = Math.max(40, (this.out.columns || 100) - 1);
    const lines = [...this.rows.values()].map((r) => {
      const mark = r.status === 'running' ? SPINNER[this.frame] : MARK[r.status];
      const detail =
        r.status === 'running'
          ? `${r.fraction !== undefined ? bar(r.fraction) : 'running'} ${formatDuration(Date.now() - r.startedAt)}${r.note ? ` ${r.note}` : ''}`
          : describe(r);
      return `${mark} ${this.label} ${r.id.padEnd(28)} ${detail}`.slice(0, width);
    });
    let s = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const l of lines) s += `\x1b[2K${l}\n`;
    this.out.write(s);
    this.drawn = lines.length;
  }

  stop(): void {
    clearInterval(this.timer);
    this.draw();
  }
}

/** Discards everything (`--json`). */
export const silentProgress: Progress = { update: () => undefined, stop: () => undefined };

/**
 * The right display for a stream: silent for JSON output, live on a TTY, lines otherwise.
 * @example const p = createProgress(process.stderr, { label: 'train', json: opts.json });
 */
export function createProgress(out: ProgressStream, options: { label: string; json?: boolean }): Progress {
  if (options.json) return silentProgress;
  return out.isTTY ? new TtyProgress(out, options.label) : new LineProgress(out, options.label);
}
