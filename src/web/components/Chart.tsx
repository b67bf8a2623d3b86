/**
 * Renders a Vega-Lite spec. vega-embed (with vega and vega-lite, the bulk of the bundle) is loaded on
 * first use, so pages without charts stay light.
 */
import { useEffect, useRef, useState } from 'react';
import type { TopLevelSpec } from 'vega-lite';

/**
 * `fixedWidth` keeps the spec's own width (composite charts such as a repeat/scatter matrix, or
 * square heatmaps); otherwise the chart follows its container's width. `canvas` draws with the
 * canvas renderer, much cheaper than SVG for thousands of points (pair plots).
 */
export function Chart({ spec, label, fixedWidth = false, canvas = false }: { spec: TopLevelSpec; label: string; fixedWidth?: boolean; canvas?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let alive = true;
    import('vega-embed')
      .then(({ default: embed }) => {
        if (!alive || !ref.current) return undefined;
        return embed(ref.current, (fixedWidth ? spec : { ...spec, width: 'container' as const, autosize: { type: 'fit-x', contains: 'padding' } }) as TopLevelSpec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: canvas ? 'canvas' : 'svg' });
      })
      .then((result) => {
        if (result) finalize = () => result.finalize();
      })
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
      finalize?.();
    };
  }, [spec, fixedWidth, canvas]);
  return (
    <figure className="chart">
      <div ref={ref} role="img" aria-label={label} />
      {error ? <figcaption className="field-error">Chart could not be drawn: {error}</figcaption> : null}
    </figure>
  );
}
