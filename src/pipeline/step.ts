/**
 * Typed pipeline steps. A step is a named, versioned unit of work with declared inputs and outputs
 * (each a type tag that names its materializer) and JSON parameters. `run` receives the resolved
 * input values and returns one value per declared output. Steps are plain data + one function, so the
 * same definition runs in-process or in a worker thread (see `executors/`).
 */
import type { Rng } from '../core/rng.js';

/** Type tags of step inputs/outputs (keys of the materializer registry). */
export type PortType = 'table' | 'json' | 'metrics' | 'model' | 'report';

/** What a step sees while running. */
export interface StepContext {
  /** The DAG node id (a step can appear twice under different ids). */
  readonly nodeId: string;
  /** A seeded stream private to this node (derived from the pipeline seed and node id). */
  readonly rng: Rng;
  /** Report partial progress (0..1) and a short note; shown by the progress display. */
  progress(fraction: number, note?: string): void;
  /** Extra facts to record on the step run (e.g. timings); must be JSON. */
  annotate(key: string, value: unknown): void;
}

/** JSON-compatible step parameters. */
export type StepParams = Readonly<Record<string, unknown>>;

/**
 * A step definition.
 * @example
 * const double = defineStep({
 *   name: 'double', version: '1', inputs: { x: 'json' }, outputs: { y: 'json' },
 *   run: (_ctx, { x }) => ({ y: (x as number) * 2 }),
 * });
 */
export interface Step<P extends StepParams = StepParams> {
  readonly name: string;
  /** Bump when the code changes behaviour: it is a cache-key ingredient. */
  readonly version: string;
  readonly inputs: Readonly<Record<string, PortType>>;
  readonly outputs: Readonly<Record<string, PortType>>;
  /** `worker` steps are CPU-bound and may run in a worker thread (see `moduleUrl`). */
  readonly executor?: 'in-process' | 'worker';
  /**
   * For worker execution: the module that exports this step (as `exportName`), so the worker can
   * import it. Without it the step always runs in-process.
   */
  readonly moduleUrl?: string;
  readonly exportName?: string;
  run(ctx: StepContext, inputs: Readonly<Record<string, unknown>>, params: P): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Identity helper that keeps the literal types of a step definition. */
export function defineStep<P extends StepParams>(step: Step<P>): Step<P> {
  return step;
}
