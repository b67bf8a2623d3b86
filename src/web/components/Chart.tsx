/**
 * Renders a Vega-Lite spec. vega-embed (with vega and vega-lite, the bulk of the bundle) is loaded on
 * first use, so pages without charts stay light.
 */
import { useEffect, useRef, useState } from 'react';
import type { TopLevelSpec } from 'vega-lite';

export function Chart({ spec, label }: { spec: TopLevelSpec; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let alive = true;
    import('vega-embed')
      .then(({ default: embed }) => {
        if (!alive || !ref.current) return undefined;
        return embed(ref.current, { ...spec, width: 'container' as const, autosize: { type: 'fit', contains: 'padding' } } as TopLevelSpec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: 'svg' });
      })
      .then((result) => {
        if (result) finalize = () => result.finalize();
      })
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
      finalize?.();
    };
  }, [spec]);
  return (
    <figure className="chart">
      <div ref={ref} role="img" aria-label={label} />
      {error ? <figcaption className="field-error">Chart could not be drawn: {error}</figcaption> : null}
    </figure>
  );
}
