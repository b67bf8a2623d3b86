/**
 * Layered layout of a pipeline's step DAG for the SVG drawing: edges come from artifact lineage
 * (step A → step B when B reads an artifact A wrote), each step's layer is its longest-path depth
 * from a source (topological depth), and steps within a layer keep their recorded order. Pure, so
 * it is unit-tested without a browser.
 */

export interface DagStepInput {
  readonly id: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface DagNode {
  readonly id: string;
  readonly layer: number;
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

export interface DagLayout {
  readonly nodes: readonly DagNode[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
  readonly width: number;
  readonly height: number;
}

export interface DagGeometry {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly gapX: number;
  readonly gapY: number;
  readonly margin: number;
}

export const DEFAULT_GEOMETRY: DagGeometry = { nodeWidth: 150, nodeHeight: 52, gapX: 24, gapY: 18, margin: 12 };

/** Lays out the steps left to right by depth. Cycles (never expected) are broken by recorded order. */
export function layoutDag(steps: readonly DagStepInput[], g: DagGeometry = DEFAULT_GEOMETRY): DagLayout {
  const writer = new Map<string, string>();
  for (const s of steps) for (const o of s.outputs) if (!writer.has(o)) writer.set(o, s.id);
  const edgeSet = new Set<string>();
  const edges: { from: string; to: string }[] = [];
  const order = new Map(steps.map((s, i) => [s.id, i]));
  for (const s of steps) {
    for (const i of s.inputs) {
      const from = writer.get(i);
      const key = `${from}→${s.id}`;
      // Only edges from earlier-recorded steps: a step cannot read what a later one wrote.
      if (from && from !== s.id && order.get(from)! < order.get(s.id)! && !edgeSet.has(key)) {
        edgeSet.add(key);
        edges.push({ from, to: s.id });
      }
    }
  }
  const depth = new Map<string, number>();
  for (const s of steps) {
    let d = 0;
    for (const e of edges) if (e.to === s.id) d = Math.max(d, (depth.get(e.from) ?? 0) + 1);
    depth.set(s.id, d);
  }
  const perLayer: number[] = [];
  const nodes = steps.map((s): DagNode => {
    const layer = depth.get(s.id)!;
    const index = perLayer[layer] ?? 0;
    perLayer[layer] = index + 1;
    return { id: s.id, layer, index, x: g.margin + layer * (g.nodeWidth + g.gapX), y: g.margin + index * (g.nodeHeight + g.gapY) };
  });
  const layers = perLayer.length;
  const tallest = Math.max(1, ...perLayer);
  return {
    nodes,
    edges,
    width: 2 * g.margin + layers * g.nodeWidth + Math.max(0, layers - 1) * g.gapX,
    height: 2 * g.margin + tallest * g.nodeHeight + (tallest - 1) * g.gapY,
  };
}
