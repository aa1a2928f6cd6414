// number → hash of the blocks on the chain. The recent ones (what block building, state queries and finality walk
// over) are held in memory; older ones are read from the database's index when asked for. Holding every hash in
// memory, and reading them all at start, cost ~100 bytes a block and grew with the chain forever (a week of 250 ms
// blocks is 2.4 million).
export class BlockIndex {
  private recent = new Map<number, string>();
  private top = -1;

  /** `lookup`: the database's number → hash (for blocks older than the `keep` most recent). */
  constructor(private readonly lookup: (n: number) => string | undefined, private readonly keep: number) {}

  /** Head number + 1. */
  get length(): number { return this.top + 1; }

  get(n: number): string | undefined {
    if (!(n >= 0 && n <= this.top)) return undefined;
    return this.recent.get(n) ?? this.lookup(n);
  }

  /** Records block `n` (the new head, or a block at the head when loading). */
  set(n: number, hash: string): void {
    this.recent.set(n, hash);
    if (n > this.top) this.top = n;
    this.recent.delete(this.top - this.keep);
  }

  /** Forgets the blocks from `length` on (a rewind; the database drops them in the same step). */
  truncate(length: number): void {
    for (let n = length; n <= this.top; n++) this.recent.delete(n);
    this.top = length - 1;
  }

  /** Hashes of blocks from..head, oldest first. */
  from(from: number): string[] {
    const out: string[] = [];
    for (let n = from; n <= this.top; n++) out.push(this.get(n)!);
    return out;
  }
}
