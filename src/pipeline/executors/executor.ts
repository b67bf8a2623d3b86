/**
 * The executor contract: runs one step's `run` given its inputs, returns its outputs. Inputs arrive
 * as lazy ports (value or stored bytes) so an executor that crosses a thread boundary can ship bytes
 * instead of re-serialising values; outputs may likewise come back as values or as bytes.
 */
import type { StepContext, Step, StepParams } from '../step.js';

/** One input of a step, loadable as a value or as its materialized bytes. */
export interface InputPort {
  readonly type: string;
  value(): Promise<unknown>;
  bytes(): Promise<Buffer>;
}

/** One output of a step: the in-memory value, or bytes already materialized (from a worker). */
export type OutputPayload = { readonly value: unknown; readonly bytes?: undefined } | { readonly bytes: Buffer; readonly value?: undefined };

export interface Executor {
  readonly name: string;
  execute(step: Step<StepParams>, ctx: StepContext, inputs: Readonly<Record<string, InputPort>>, params: StepParams, seed: number): Promise<Record<string, OutputPayload>>;
  /**
   * How many steps it runs at once (a worker pool's size); unbounded when absent. The runner starts
   * no more steps than this, so a step's recorded start and duration are its own, not time queued.
   */
  readonly capacity?: number;
  /** Releases threads (worker pools). */
  close?(): Promise<void>;
}
