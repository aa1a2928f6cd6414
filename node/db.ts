// LMDB persistence (lmdb + msgpackr): every block's header and body, the number → hash index, each block's undo
// record (previous values of the keys it changed, for state queries at recent blocks), the current state
// (so a restart loads the head state without replaying history), head, finalized head and the genesis identity.
// Everything a block writes goes in one LMDB transaction, committed synchronously, so a crash never leaves half a
// block and never loses a block the node has announced.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { open, type RootDatabase, type Database } from 'lmdb';
import { lockDatabase } from './db_lock.ts';

export interface StoredBlock {
  header: Uint8Array;
  body: Uint8Array[];
}

export interface ChainIdentity {
  genesisHash: string;
  specName: string;
  specVersion: number;
  /** A chain forked from a live node (--fork): where from, and the block it was forked at. */
  fork?: { url: string; baseHash: string; baseNumber: number };
}

export interface BlockWrite {
  hash: string;
  number: number;
  block: StoredBlock;
  /** key → value before this block (null = absent). */
  undo: [string, Uint8Array | null][];
  /** key → value after this block (null = deleted). */
  changes: [string, Uint8Array | null][];
  head: string;
  finalized: string;
  /** Undo records no longer needed (state pruning), deleted in the same transaction; `through`: every undo record
   *  of blocks 1..through is gone (undoPrunedThrough after this). */
  pruneUndo?: { hashes: string[]; through: number } | null;
}

export class DatabaseError extends Error {}

const UNDO_PRUNED_THROUGH = 'undoPrunedThrough';

const toBytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v as ArrayBuffer));

// lmdb's native code crashes the process on a data file that is not LMDB, so look at the meta page first: its magic
// 0xBEEFC0DE sits right after the page header.
const LMDB_MAGIC = 0xbeefc0de;
function checkDataFile(dir: string): void {
  const file = path.join(dir, 'data.mdb');
  let size: number;
  try { size = fs.statSync(file).size; } catch { return; }
  if (size === 0) return;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(32);
    const n = fs.readSync(fd, head, 0, 32, 0);
    if (n < 28 || (head.readUInt32LE(16) !== LMDB_MAGIC && head.readUInt32LE(24) !== LMDB_MAGIC)) {
      throw new DatabaseError(`Cannot open the chain database in ${dir}: data.mdb is corrupt or not an LMDB database. Move it away or use another --db.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export class ChainDb {
  private constructor(
    readonly dir: string,
    private readonly root: RootDatabase,
    private readonly meta: Database<any, string>,
    private readonly blocks: Database<StoredBlock, string>,
    private readonly numbers: Database<string, number>,
    private readonly undos: Database<[string, Uint8Array | null][], string>,
    private readonly state: Database<Uint8Array, string>,
    private readonly removeOnClose: boolean,
    /** Fork mode only: upstream keys this chain deleted, and the upstream values read so far (null: absent). */
    private readonly tombstones: Database<boolean, string>,
    private readonly upstream: Database<Uint8Array | null, string>,
    /** Releases the directory's node.lock (db_lock.ts). */
    private readonly unlock: () => void,
  ) {
    this.forked = !!this.identity()?.fork;
  }

  /** Whether this database holds a forked chain (deletions then leave tombstones over the upstream state). */
  private forked: boolean;

  /** Opens (or creates) the database in `dir`; `tmp` makes a throwaway one under the OS temp dir. */
  static open(opts: { dir?: string; tmp?: boolean; noSync?: boolean }): ChainDb {
    const dir = opts.tmp ? fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-')) : path.resolve(opts.dir ?? '.data');
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.R_OK);
    } catch (e) {
      throw new DatabaseError(`Database directory ${dir} is not writable: ${(e as Error).message}`);
    }
    // Before LMDB opens the files: a second node must not get as far as writing them.
    const unlock = opts.tmp ? () => {} : lockDatabase(dir);
    try {
      checkDataFile(dir);
    } catch (e) { unlock(); throw e; }
    let root: RootDatabase;
    try {
      // overlappingSync off: a synchronous commit returns after the fsync, so a block is durable (process crash and
      // power loss alike) before the node announces it. A throwaway database skips the fsync. noSubdir: false, or lmdb
      // takes a directory name with a dot (my.db) for a file.
      root = open({ path: dir, compression: false, noSync: opts.noSync ?? opts.tmp ?? false, overlappingSync: false, noSubdir: false, maxDbs: 12 });
      const meta = root.openDB<any, string>({ name: 'meta', encoding: 'msgpack' });
      const blocks = root.openDB<StoredBlock, string>({ name: 'blocks', encoding: 'msgpack' });
      const numbers = root.openDB<string, number>({ name: 'numbers', encoding: 'msgpack', keyEncoding: 'uint32' });
      const undos = root.openDB<[string, Uint8Array | null][], string>({ name: 'undo', encoding: 'msgpack' });
      const state = root.openDB<Uint8Array, string>({ name: 'state', encoding: 'binary' });
      const tombstones = root.openDB<boolean, string>({ name: 'fork-deleted', encoding: 'msgpack' });
      const upstream = root.openDB<Uint8Array | null, string>({ name: 'fork-upstream', encoding: 'msgpack' });
      // Touch every table once so a corrupt file fails here with a clear message, not on the first block.
      meta.get('identity');
      return new ChainDb(dir, root, meta, blocks, numbers, undos, state, !!opts.tmp, tombstones, upstream, unlock);
    } catch (e) {
      unlock();
      if (e instanceof DatabaseError) throw e;
      throw new DatabaseError(`Cannot open the chain database in ${dir} (corrupt or not an LMDB database?): ${(e as Error).message}`);
    }
  }

  identity(): ChainIdentity | undefined { return this.meta.get('identity'); }
  head(): string | undefined { return this.meta.get('head'); }
  finalized(): string | undefined { return this.meta.get('finalized'); }

  /** Writes genesis (block 0, its full state and the chain identity) in one transaction. */
  writeGenesis(identity: ChainIdentity, block: StoredBlock, state: [string, Uint8Array][]): void {
    this.root.transactionSync(() => {
      this.meta.put('identity', identity);
      this.blocks.put(identity.genesisHash, block);
      this.numbers.put(0, identity.genesisHash);
      for (const [k, v] of state) this.state.put(k, v);
      this.meta.put('head', identity.genesisHash);
      this.meta.put('finalized', identity.genesisHash);
    });
  }

  /** Fork point of a forked chain: its identity and the upstream block as this chain's first (head, finalized). */
  writeForkBase(identity: ChainIdentity, hash: string, number: number, block: StoredBlock): void {
    this.root.transactionSync(() => {
      this.meta.put('identity', identity);
      this.blocks.put(hash, block);
      this.numbers.put(number, hash);
      this.meta.put('head', hash);
      this.meta.put('finalized', hash);
    });
    this.forked = true;
  }

  private writeState(changes: Iterable<[string, Uint8Array | null]>): void {
    for (const [k, v] of changes) {
      if (v === null) {
        this.state.remove(k);
        if (this.forked) this.tombstones.put(k, true);
      } else {
        this.state.put(k, v);
        if (this.forked) this.tombstones.remove(k);
      }
    }
  }

  /** Fork mode: the upstream keys deleted here. */
  *forkTombstones(): Generator<string> { for (const { key } of this.tombstones.getRange()) yield key; }
  /** Fork mode: the upstream values read so far. */
  *forkUpstreamCache(): Generator<[string, Uint8Array | null]> {
    for (const { key, value } of this.upstream.getRange()) yield [key, value === null ? null : toBytes(value)];
  }
  /** Fork mode: remembers an upstream value (written in the background: a lost one is only read again). */
  cacheUpstream(key: string, value: Uint8Array | null): void { void this.upstream.put(key, value); }

  /** Commits one block's writes as a single transaction and returns once it is durable: the node announces a block
   *  (new head, finality, transaction statuses) only after this, so nothing announced is lost by a crash. */
  writeBlock(w: BlockWrite): void {
    this.root.transactionSync(() => {
      this.blocks.put(w.hash, w.block);
      this.numbers.put(w.number, w.hash);
      this.undos.put(w.hash, w.undo);
      this.writeState(w.changes);
      this.meta.put('head', w.head);
      this.meta.put('finalized', w.finalized);
      if (w.pruneUndo) {
        for (const h of w.pruneUndo.hashes) this.undos.remove(h);
        this.meta.put(UNDO_PRUNED_THROUGH, w.pruneUndo.through);
      }
    });
  }

  /** State pruning's progress: the undo records of blocks 1..this number are deleted (0: none). */
  undoPrunedThrough(): number { return this.meta.get(UNDO_PRUNED_THROUGH) ?? 0; }

  /** How many undo records are stored (tests, diagnostics). */
  undoCount(): number { return this.undos.getCount(); }

  /** Dev-only in-place edits of the head state (dev_setStorage), with the head's undo record widened to match. */
  writeStateEdit(head: string, undo: [string, Uint8Array | null][], changes: [string, Uint8Array | null][]): void {
    this.root.transactionSync(() => {
      this.undos.put(head, undo);
      this.writeState(changes);
    });
  }

  setFinalized(hash: string): void { this.meta.putSync('finalized', hash); }

  /** Rewinds the chain to an earlier block in one transaction: the later blocks, their number index entries and
   *  undo records go, the state gets `changes` (the undo records laid back), head and finalized move; `meta` is
   *  written along (the dev snapshots that still apply). */
  rewind(w: { head: string; finalized: string; dropped: [number, string][]; changes: [string, Uint8Array | null][]; meta?: [string, unknown][] }): void {
    this.root.transactionSync(() => {
      for (const [n, h] of w.dropped) {
        this.numbers.remove(n);
        this.blocks.remove(h);
        this.undos.remove(h);
      }
      this.writeState(w.changes);
      this.meta.put('head', w.head);
      this.meta.put('finalized', w.finalized);
      for (const [k, v] of w.meta ?? []) this.meta.put(k, v);
    });
  }

  /** Node-level records kept with the chain (e.g. dev snapshots), durable on return. */
  getMeta<T>(key: string): T | undefined { return this.meta.get(key) as T | undefined; }
  putMeta(key: string, value: unknown): void { this.meta.putSync(key, value); }

  getBlock(hash: string): StoredBlock | undefined {
    const b = this.blocks.get(hash);
    return b ? { header: toBytes(b.header), body: b.body.map(toBytes) } : undefined;
  }

  getUndo(hash: string): [string, Uint8Array | null][] | undefined {
    const u = this.undos.get(hash);
    return u?.map(([k, v]) => [k, v === null ? null : toBytes(v)]);
  }

  /** The hash of block `n` on the chain, if stored. */
  hashAt(n: number): string | undefined { return this.numbers.get(n); }

  /** (number, hash) of the blocks numbered from..to (inclusive), in order. */
  *hashesBetween(from: number, to: number): Generator<[number, string]> {
    for (const { key, value } of this.numbers.getRange({ start: from, end: to + 1 })) yield [key, value];
  }

  /** The full current state. */
  *stateEntries(): Generator<[string, Uint8Array]> {
    for (const { key, value } of this.state.getRange()) yield [key, toBytes(value)];
  }

  /** Resolves once every write is on disk. */
  async flushed(): Promise<void> { await this.root.flushed; }

  async close(): Promise<void> {
    await this.flushed();
    await this.root.close();
    this.unlock();
    if (this.removeOnClose) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
