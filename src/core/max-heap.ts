/**
 * A max-heap of items by a numeric key, ties going to the item pushed first, so best-first growth
 * (HistGradientBoosting's leaves, CART trees with `maxLeafNodes`) expands in a deterministic order.
 */
interface Entry<T> {
  readonly item: T;
  readonly key: number;
  readonly seq: number;
}

export class MaxHeap<T> {
  private items: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  private before(a: Entry<T>, b: Entry<T>): boolean {
    return a.key > b.key || (a.key === b.key && a.seq < b.seq);
  }

  push(item: T, key: number): void {
    const items = this.items;
    items.push({ item, key, seq: this.seq++ });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }

  /** The item with the largest key (the earliest pushed among equals). The heap must not be empty. */
  pop(): T {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.before(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top.item;
  }

  /** Every remaining item (in heap order) and an empty heap. */
  drain(): T[] {
    const out = this.items.map((e) => e.item);
    this.items = [];
    return out;
  }
}
