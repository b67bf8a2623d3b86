/**
 * Options and defaults shared by the chart spec builders. Every builder in this folder is a pure
 * function from plain data to a Vega-Lite `TopLevelSpec` with inline data, so the same spec renders
 * in the offline EDA report, the pipeline's HTML reports and the web app.
 */
export interface ChartOptions {
  readonly title?: string;
  /** Plot width in pixels, or 'container' to follow the parent element's width. */
  readonly width?: number | 'container';
  readonly height?: number;
  /** Accessible description (Vega-Lite puts it in the SVG's aria-label). */
  readonly description?: string;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Size and title fields for a top-level spec, from the options and the builder's defaults. */
export function frame(options: ChartOptions, defaults: { width: number | 'container'; height: number; title: string }) {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? defaults.title,
    description: options.description ?? options.title ?? defaults.title,
    width: options.width ?? defaults.width,
    height: options.height ?? defaults.height,
  };
}
