/**
 * The dependency cycles of a graph: its strongly connected components of more than one node
 * (Tarjan's algorithm, iterative so that a chain thousands deep cannot overflow the stack). Ids
 * are strings so that ids beyond JavaScript's safe integers are compared exactly. Self-loops are
 * not cycles here; verify reports them separately. Each cycle is sorted numerically; cycles are
 * ordered by their smallest id.
 */
export function dependencyCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    // Each frame: a node and how many of its successors were already looked at.
    const frames: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const successors = edges.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const w = successors[frame.next++]!;
        if (w === frame.node || !edges.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          frames.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if (component.length > 1) cycles.push(component.sort(byId));
      }
    }
  }
  return cycles.sort((a, b) => byId(a[0]!, b[0]!));
}

function byId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
