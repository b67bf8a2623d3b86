/**
 * The small component set every page uses: labelled fields, buttons, alerts, loading and empty
 * states, data tables. Accessible by construction (labels tied to inputs, roles on live regions).
 */
import { useEffect, useId, useState, type ReactNode, type ChangeEvent } from 'react';
import { ApiError } from '../api/client.js';

export function Page({ title, intro, actions, children }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · convopt`;
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <div>
          <h1 id="page-title">{title}</h1>
          {intro ? <p className="intro">{intro}</p> : null}
        </div>
        {actions ? <div className="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Card({ title, children, className, id }: { title?: string; children: ReactNode; className?: string; id?: string }) {
  return (
    <div className={`card ${className ?? ''}`} id={id}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint ? (
        <small id={hintId} className="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={errId} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function NumberField(props: { label: string; value: string; onChange: (v: string) => void; hint?: string; error?: string | undefined; min?: number; step?: number | 'any'; name?: string }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(id, d) => (
        <input
          id={id}
          name={props.name}
          type="number"
          inputMode="decimal"
          min={props.min}
          step={props.step ?? 'any'}
          value={props.value}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={d}
          onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(props: { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (v: string) => void; hint?: string; error?: string | undefined; name?: string }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(id, d) => (
        <select id={id} name={props.name} value={props.value} aria-describedby={d} aria-invalid={props.error ? true : undefined} onChange={(e) => props.onChange(e.target.value)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="alert error" role="alert">
      <strong>Something went wrong.</strong> {message}
      {hint ? <div className="alert-hint">What to do: {hint}</div> : null}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert ${kind}`} role="status">
      {children}
    </div>
  );
}

/** Shows a spinner only when loading lasts longer than 200 ms (no flicker on fast responses). */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShow(true), 200);
    return () => clearTimeout(t);
  }, []);
  return show ? (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  ) : null;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  readonly render: (row: T) => ReactNode;
  readonly numeric?: boolean;
  /** Free text (reasons, notes) that wraps instead of widening the table. */
  readonly wrap?: boolean;
  readonly sort?: (a: T, b: T) => number;
  /** Server-side sort field (e.g. `metrics.holdout_r2`), used when the table is given `serverSort`. */
  readonly orderBy?: string;
}

/**
 * A column comparator over a numeric field; missing and non-finite values sort below every number
 * (and equal to each other, where a plain `a − b` of two −∞ gives NaN and an arbitrary order).
 */
export function byNumber<T>(get: (row: T) => number | null | undefined): (a: T, b: T) => number {
  const key = (row: T): number => {
    const v = get(row);
    return v !== null && v !== undefined && Number.isFinite(v) ? v : -Infinity;
  };
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : x < y ? -1 : 1;
  };
}

/** Sorting done by the server: the current `field dir` and what to call when a header is pressed. */
export interface ServerSort {
  readonly orderBy: string;
  onChange(orderBy: string): void;
}

export function DataTable<T>({ rows, columns, caption, rowKey, initialSort, serverSort }: { rows: readonly T[]; columns: readonly Column<T>[]; caption: string; rowKey: (row: T) => string; initialSort?: { key: string; dir: 1 | -1 }; serverSort?: ServerSort }) {
  const [localSort, setLocalSort] = useState(initialSort);
  // With server sorting the rows arrive sorted; the headers only show and change the server's order.
  const [field, word] = serverSort ? serverSort.orderBy.split(' ') : [];
  const serverCol = serverSort ? columns.find((c) => c.orderBy === field) : undefined;
  const sort = serverSort ? (serverCol ? { key: serverCol.key, dir: (word === 'desc' ? -1 : 1) as 1 | -1 } : undefined) : localSort;
  const setSort = (next: { key: string; dir: 1 | -1 }) => {
    if (!serverSort) return setLocalSort(next);
    const c = columns.find((x) => x.key === next.key);
    if (c?.orderBy) serverSort.onChange(`${c.orderBy} ${next.dir === 1 ? 'asc' : 'desc'}`);
  };
  const col = columns.find((c) => c.key === sort?.key);
  const sorted = !serverSort && col?.sort ? [...rows].sort((a, b) => col.sort!(a, b) * (sort?.dir ?? 1)) : rows;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
                {(serverSort ? c.orderBy : c.sort) ? (
                  <button type="button" className="sort" onClick={() => setSort({ key: c.key, dir: sort?.key === c.key ? (-sort.dir as 1 | -1) : 1 })}>
                    {c.label}
                    <span aria-hidden="true">{sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : c.wrap ? 'wrap' : undefined}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Saves text as a file download. */
export function download(filename: string, content: Blob | string, type = 'text/csv'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
