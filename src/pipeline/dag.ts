/**
 * DAG wiring and validation. A pipeline is a list of nodes (a step, its params, and where each input
 * comes from: `"<nodeId>.<output>"`). `buildDag` checks everything before anything runs — unique ids,
 * every input bound to an existing output, input/output types equal, no unknown inputs, no cycles —
 * and throws INVALID_CONFIG naming the steps involved. It returns the nodes in a topological order.
 */
import { ConvoptError } from '../core/errors.js';
import type { Step, StepParams } from './step.js';

/** One step placed in a pipeline. */
export interface DagNode {
  readonly id: string;
  readonly step: Step<StepParams>;
  readonly params?: StepParams;
  /** input name → `"<nodeId>.<outputName>"`. */
  readonly bind?: Readonly<Record<string, string>>;
  /**
   * Scheduling hint, default 0: among nodes ready at the same moment, higher starts first. Give the
   * slowest independent steps the highest, so the longest one does not start last and run alone.
   */
  readonly priority?: number;
}

/** A validated pipeline. */
export interface Dag {
  readonly name: string;
  /** Nodes in a topological order (dependencies first; ties by declaration order). */
  readonly nodes: readonly DagNode[];
  /** node id → ids it depends on. */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

function fail(message: string, path: string, hint: string): never {
  throw new ConvoptError('INVALID_CONFIG', message, { path, hint });
}

/** Parses `"node.output"`. */
export function parseRef(ref: string): { node: string; output: string } {
  const i = ref.lastIndexOf('.');
  if (i <= 0 || i === ref.length - 1) fail(`Input reference "${ref}" is not of the form "<step>.<output>".`, ref, 'Bind inputs as "<step id>.<output name>".');
  return { node: ref.slice(0, i), output: ref.slice(i + 1) };
}

/**
 * Validates the wiring and orders the nodes.
 * @example buildDag('train', [{ id: 'load', step: load }, { id: 'fit', step: fit, bind: { data: 'load.table' } }])
 */
export function buildDag(name: string, nodes: readonly DagNode[]): Dag {
  const byId = new Map<string, DagNode>();
  for (const n of nodes) {
    if (byId.has(n.id)) fail(`Pipeline "${name}" has two steps with id "${n.id}".`, n.id, 'Give every step a unique id.');
    byId.set(n.id, n);
  }
  const deps = new Map<string, string[]>();
  for (const n of nodes) {
    const bind = n.bind ?? {};
    for (const key of Object.keys(bind)) {
      if (!(key in n.step.inputs)) fail(`Step "${n.id}" binds unknown input "${key}" (inputs: ${Object.keys(n.step.inputs).join(', ') || 'none'}).`, `${n.id}.${key}`, 'Remove the binding or fix its name.');
    }
    const d = new Set<string>();
    for (const [input, type] of Object.entries(n.step.inputs)) {
      const ref = bind[input];
      if (ref === undefined) fail(`Step "${n.id}" input "${input}" is not bound to any step output.`, `${n.id}.${input}`, `Bind it: bind: { ${input}: "<step>.<output>" }.`);
      const { node, output } = parseRef(ref);
      const src = byId.get(node);
      if (!src) fail(`Step "${n.id}" input "${input}" refers to unknown step "${node}".`, `${n.id}.${input}`, `Known steps: ${[...byId.keys()].join(', ')}.`);
      const outType = src.step.outputs[output];
      if (outType === undefined) fail(`Step "${n.id}" input "${input}" refers to "${ref}", but step "${node}" has no output "${output}" (outputs: ${Object.keys(src.step.outputs).join(', ')}).`, `${n.id}.${input}`, 'Fix the output name.');
      if (outType !== type) fail(`Type mismatch: step "${n.id}" input "${input}" expects ${type}, but "${ref}" produces ${outType}.`, `${n.id}.${input}`, 'Bind an output of the expected type.');
      d.add(node);
    }
    deps.set(n.id, [...d]);
  }
  // Kahn's algorithm, stable by declaration order; leftovers form a cycle.
  const order: DagNode[] = [];
  const done = new Set<string>();
  let progressed = true;
  while (order.length < nodes.length && progressed) {
    progressed = false;
    for (const n of nodes) {
      if (done.has(n.id)) continue;
      if (deps.get(n.id)!.every((d) => done.has(d))) {
        order.push(n);
        done.add(n.id);
        progressed = true;
      }
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((n) => !done.has(n.id)).map((n) => n.id);
    fail(`Pipeline "${name}" has a cycle among steps: ${stuck.join(' → ')}.`, stuck.join(','), 'A step cannot depend (directly or not) on its own output; break the loop.');
  }
  return { name, nodes: order, deps };
}
