// The chain: genesis, block production through runtime APIs only (Core_initialize_block →
// BlockBuilder_inherent_extrinsics → BlockBuilder_apply_extrinsic* → BlockBuilder_finalize_block), the Aura seal,
// finality, state at any recent block, and persistence of each block in one LMDB transaction.
import { MemoryState, OverlayState, stateRootBytes, RUNTIME_STATE_VERSION, type ReadableState, type Changes } from '../runtime/frame/state.ts';
import { Trie, EMPTY_TRIE_ROOT } from '../runtime/frame/trie/trie.ts';
import { Reader, Writer, toHex, fromHex } from '../runtime/codec/scale.ts';
import { storagePrefix } from '../runtime/crypto/hashing.ts';
import {
  type Header, encodeHeader, decodeHeader, hashHeaderBytes, auraPreDigest, auraSlot, decodeExtrinsicList, extrinsicHash, AURA_ENGINE,
} from './block.ts';
import type { ChainDb } from './db.ts';
import {
  decodeRuntimeVersion, decodeApplyResult, encodeInherentData, type RuntimeVersionInfo, type ValidityError,
} from './runtime_calls.ts';
import { devKey, sign, signDeterministic, deriveSeed } from './keys.ts';
import type { Upstream } from './fork/upstream.ts';
import { ForkedState, UpstreamReads, UpstreamState } from './fork/state.ts';
import { incompatibleItems } from './fork/layout.ts';
import { BlockIndex } from './block_index.ts';
import {
  ShieldKeystore, SHIELD_INHERENT_ID, encodeShieldInherent, decodeShieldedTxOption, decodeExtrinsicOption, type ShieldedTx,
} from './shield.ts';

export interface NodeRuntime {
  call(method: string, args: Uint8Array, state: OverlayState): Uint8Array;
  genesisState(config?: any): MemoryState;
  /** Items of `state` that do not have this runtime's storage layout (one line each, naming the item). */
  storageLayoutProblems?(state: ReadableState): string[];
}

export interface BlockRecord {
  hash: string;
  number: number;
  header: Header;
  encodedHeader: Uint8Array;
  body: Uint8Array[];
}

export type Finality = 'instant' | number;

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

/** What the block builder asks the pool for, one transaction at a time. */
export interface BlockTxSource {
  next(): { bytes: Uint8Array; hash: string } | null;
  /** Outcome of the transaction `next` returned last; `deferred`: not for this block, but keep it (a shielded
   *  transaction encrypted to another block's key). */
  report(outcome: { included: true } | { included: false; error: ValidityError } | { included: false; deferred: true }): void;
}

export interface ImportedBlock {
  block: BlockRecord;
  /** Keys this block changed (value after the block, null = deleted). */
  changes: Changes;
  /** Hashes of the extrinsics in the body (same order). */
  txHashes: string[];
}

export class UnknownBlockError extends Error {}

// Normal-class share of the 10 MiB block length (75%), as frame_system's BlockLength gives it.
const MAX_NORMAL_BLOCK_BYTES = Math.floor(10 * 1024 * 1024 * 0.75);
// How many blocks back state stays queryable by default (`--state-pruning`; Substrate's default keeps 256). Older
// blocks' undo records are deleted, unless a dev snapshot still needs them: a long-running dev chain's database
// then grows by its blocks alone (~3 kB each), not also by every block's undo record (~7 kB).
export const DEFAULT_STATE_HISTORY = 4096;
// Undo records deleted per imported block at most, so a database written before pruning (or after a snapshot that
// held them is gone) catches up over a few minutes instead of in one long transaction.
const UNDO_PRUNE_BATCH = 64;
// Block hashes held in memory: more than the default state window and the caches, which walk recent blocks by number.
const RECENT_HASHES = 8192;
// Undo records kept decoded in memory; older ones are read back from LMDB.
const UNDO_CACHE = 128;
// Tries of recent blocks kept for proofs (they share all but the changed paths with the head's).
const TRIE_CACHE = 32;

const TIMESTAMP_NOW_KEY = toHex(storagePrefix('Timestamp', 'Now'));
const ZERO_HASH = new Uint8Array(32);

/** State at an older block: the head state with the undo records of the later blocks laid over it. */
class HistoricState implements ReadableState {
  constructor(private readonly head: ReadableState, private readonly undos: Map<string, Uint8Array | null>[],
    private knownTrie: Trie | undefined) {}

  get(key: string): Uint8Array | undefined {
    // `undos` runs from the block right after the target upward: the first record that touched the key has its
    // value as of the target block.
    for (const u of this.undos) {
      const v = u.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.head.get(key);
  }

  keysWithPrefix(prefix: string): string[] {
    const keys = new Set(this.head.keysWithPrefix(prefix));
    for (const u of this.undos) for (const k of u.keys()) if (k.startsWith(prefix)) keys.add(k);
    const out: string[] = [];
    for (const k of keys) if (this.get(k) !== undefined) out.push(k);
    return out.sort();
  }

  /** The block's trie: kept for recent blocks, otherwise built from the whole state (proofs at old blocks). */
  trie(): Trie {
    return this.knownTrie ??= Trie.fromSorted(this.keysWithPrefix('0x').map(k => [k, this.get(k)!] as const), RUNTIME_STATE_VERSION);
  }
}

export interface ChainOptions {
  runtime: NodeRuntime;
  db: ChainDb;
  blockTimeMs: number;
  finality: Finality;
  log: Logger;
  /** Block author (Aura authority) seed URI. */
  authority?: string;
  genesisConfig?: unknown;
  /** Reproducible block hashes: seals signed deterministically, MEV Shield keys derived from the parent hash, and
   *  timestamps from the parent (never the wall clock). */
  deterministic?: boolean;
  /** Fork a live node: its state at `at` (default: its finalized head) under this chain, read lazily. */
  fork?: { upstream: Upstream; at?: string };
  /** Genesis storage to start from (a raw chain spec's) instead of the runtime's genesis built from genesisConfig. */
  genesisState?: MemoryState;
  /** `--state-pruning`: how many blocks back state stays queryable (and the head can be moved back to), or 'archive'
   *  to keep every block's state. Default DEFAULT_STATE_HISTORY. */
  statePruning?: number | 'archive';
  /** Block hashes kept in memory (default RECENT_HASHES; tests make it small to exercise the database index). */
  recentHashes?: number;
}

export class Chain {
  readonly runtime: NodeRuntime;
  readonly db: ChainDb;
  readonly blockTimeMs: number;
  finality: Finality;
  private log: Logger;
  headState!: MemoryState;
  head!: BlockRecord;
  finalized!: BlockRecord;
  genesisHash!: string;
  version!: RuntimeVersionInfo;
  private hashes: BlockIndex;
  private blocks = new Map<string, BlockRecord>();
  private undoCache = new Map<string, Map<string, Uint8Array | null>>();
  private trieCache = new Map<string, Trie>();
  private blockListeners = new Set<(b: ImportedBlock) => void>();
  private finalizedListeners = new Set<(b: BlockRecord) => void>();
  private stateEditListeners = new Set<(changes: Changes) => void>();
  private rewindListeners = new Set<(head: BlockRecord, dropped: string[]) => void>();
  /** Timestamp for the next block (dev_timeTravel), else derived from the parent. */
  private nextTimestampOverride: bigint | null = null;
  /** Wall-clock offset added in interval mode after a time travel. */
  private clockOffsetMs = 0n;
  wallClock = false;
  private authority: ReturnType<typeof devKey>;
  /** The author's MEV Shield keys. */
  readonly shieldKeys = new ShieldKeystore();
  /** Shielded transactions the last block built left in the pool for a later block's key. */
  deferredShielded = 0;
  readonly deterministic: boolean;
  /** Fork mode: the upstream node and the block this chain starts from (earlier blocks are the upstream's). */
  readonly fork: { upstream: Upstream; baseNumber: number } | null = null;
  private forkAt: string | undefined;
  /** Why blocks cannot be built on this chain (a state this runtime cannot read), or null. */
  blockRefusal: string | null = null;
  /** Blocks back whose state stays queryable (Infinity: archive). */
  readonly stateHistory: number;
  /** Block hashes held in memory (older ones are read from the database). */
  private readonly recentHashes: number;
  /** The lowest block a dev snapshot may rewind to (its later blocks' undo records are kept), or null. */
  private retainFrom: number | null = null;
  /** Undo records of blocks 1..prunedThrough are deleted: no state query or rewind reaches before this block. */
  private prunedThrough = 0;

  private constructor(opts: ChainOptions) {
    this.runtime = opts.runtime;
    this.db = opts.db;
    this.blockTimeMs = opts.blockTimeMs;
    this.finality = opts.finality;
    this.log = opts.log;
    this.authority = devKey(opts.authority ?? '//One');
    this.deterministic = !!opts.deterministic;
    this.stateHistory = opts.statePruning === 'archive' ? Infinity : opts.statePruning ?? DEFAULT_STATE_HISTORY;
    this.prunedThrough = this.db.undoPrunedThrough();
    this.recentHashes = opts.recentHashes ?? RECENT_HASHES;
    this.hashes = this.newIndex();
    if (opts.fork) {
      this.fork = { upstream: opts.fork.upstream, baseNumber: 0 };
      this.forkAt = opts.fork.at;
    }
  }

  static create(opts: ChainOptions): Chain {
    const c = new Chain(opts);
    c.init(opts.genesisConfig, opts.genesisState);
    return c;
  }

  private init(genesisConfig: unknown, genesisState?: MemoryState): void {
    if (this.fork) { this.initFork(); return; }
    const genesis = genesisState ?? this.runtime.genesisState(genesisConfig as any);
    this.version = decodeRuntimeVersion(this.runtime.call('Core_version', new Uint8Array(), new OverlayState(genesis)));
    const genesisHeader: Header = {
      parentHash: ZERO_HASH, number: 0, stateRoot: stateRootBytes(genesis), extrinsicsRoot: EMPTY_TRIE_ROOT, digest: [],
    };
    const encoded = encodeHeader(genesisHeader);
    const genesisHash = toHex(hashHeaderBytes(encoded));
    const stored = this.db.identity();
    if (stored) {
      if (stored.genesisHash !== genesisHash) {
        throw new Error(`The database in ${this.db.dir} belongs to another chain: genesis ${stored.genesisHash} (${stored.specName} spec ${stored.specVersion}), `
          + `but this runtime (${this.version.specName} spec ${this.version.specVersion}, block time ${this.blockTimeMs} ms) has genesis ${genesisHash}. `
          + `Use another --db directory, --tmp, or delete that directory to start over.`);
      }
      this.genesisHash = genesisHash;
      this.load();
      return;
    }
    this.db.writeGenesis({ genesisHash, specName: this.version.specName, specVersion: this.version.specVersion },
      { header: encoded, body: [] }, genesis.entries());
    this.genesisHash = genesisHash;
    this.headState = genesis;
    const rec: BlockRecord = { hash: genesisHash, number: 0, header: genesisHeader, encodedHeader: encoded, body: [] };
    this.blocks.set(genesisHash, rec);
    this.hashes.set(0, genesisHash);
    this.head = rec;
    this.finalized = rec;
  }

  /**
   * Fork mode: the upstream block becomes this chain's first block (its hash, number and header kept, so clients
   * see the network's genesis hash and block numbers continue), its state read lazily under what this chain writes.
   * The upstream's storage layout must be spec 425's for every item both runtimes declare.
   */
  private initFork(): void {
    const { upstream } = this.fork!;
    const genesisHash: string = upstream.call('chain_getBlockHash', [0]);
    const stored = this.db.identity();
    if (stored && (!stored.fork || stored.genesisHash !== genesisHash)) {
      throw new Error(`The database in ${this.db.dir} holds ${stored.fork ? `a fork of ${stored.fork.url} (genesis ${stored.genesisHash})` : 'a chain that is not a fork'}, `
        + `not a fork of ${upstream.url} (genesis ${genesisHash}). Use another --db directory or --tmp.`);
    }
    const at = this.forkAt !== undefined && /^\d+$/.test(this.forkAt) ? upstream.call<string | null>('chain_getBlockHash', [Number(this.forkAt)]) : this.forkAt;
    if (at === null) throw new Error(`${upstream.url} has no block #${this.forkAt}`);
    const baseHash: string = stored?.fork?.baseHash ?? at ?? upstream.call('chain_getFinalizedHead');
    const json = upstream.call<any>('chain_getHeader', [baseHash]);
    if (!json) throw new Error(`${upstream.url} does not know block ${baseHash}`);
    const encoded = encodeJsonHeader(json);
    if (toHex(hashHeaderBytes(encoded)) !== baseHash.toLowerCase()) throw new Error(`block ${baseHash} from ${upstream.url} does not hash to its hash (an upstream with another header format?)`);
    const header = decodeHeader(encoded);
    (this.fork as { baseNumber: number }).baseNumber = header.number;

    const ours = this.runtime.call('Metadata_metadata', new Uint8Array(), new OverlayState(new MemoryState()));
    const theirs = fromHex(upstream.call<string>('state_getMetadata', [baseHash]));
    // Items whose upstream values this runtime cannot read are refused value by value (a clear error naming the
    // item when one is read), so a fork of a network a few specs away still runs whatever does not touch them.
    const refused = incompatibleItems(stripLength(ours), theirs).map(x => ({ prefix: toHex(storagePrefix(x.prefix, x.item)), message: x.message }));
    if (refused.length) this.log.warn(`${upstream.url} stores ${refused.length} item(s) in another layout than spec 425 reads; reading their upstream values fails:\n  ${refused.map(x => x.message).join('\n  ')}`);

    this.genesisHash = genesisHash;
    const cacheUpstream = (k: string, v: Uint8Array | null) => this.db.cacheUpstream(k, v);
    if (stored) {
      const headHash = this.db.head()!;
      const head = this.loadIndex(headHash);
      const reads = new UpstreamReads(upstream, baseHash, cacheUpstream, this.db.forkUpstreamCache());
      reads.refused = refused;
      this.headState = new ForkedState(reads, this.db.stateEntries(), this.db.forkTombstones());
      this.head = head;
      this.finalized = this.blockByHash(this.db.finalized() ?? headHash) ?? head;
    } else {
      const rec: BlockRecord = { hash: baseHash.toLowerCase(), number: header.number, header, encodedHeader: encoded, body: [] };
      const version = decodeRuntimeVersion(this.runtime.call('Core_version', new Uint8Array(), new OverlayState(new MemoryState())));
      this.db.writeForkBase({ genesisHash, specName: version.specName, specVersion: version.specVersion, fork: { url: upstream.url, baseHash: rec.hash, baseNumber: rec.number } },
        rec.hash, rec.number, { header: encoded, body: [] });
      const reads = new UpstreamReads(upstream, rec.hash, cacheUpstream);
      reads.refused = refused;
      this.headState = new ForkedState(reads);
      this.hashes.set(rec.number, rec.hash);
      this.blocks.set(rec.hash, rec);
      this.head = rec;
      this.finalized = rec;
    }
    this.version = decodeRuntimeVersion(this.runtime.call('Core_version', new Uint8Array(), new OverlayState(this.headState)));
    this.log.info(`Forked ${upstream.url} at #${header.number} (${baseHash}); head #${this.head.number}`);
  }

  private load(): void {
    const headHash = this.db.head()!;
    const head = this.loadIndex(headHash);
    const state = new MemoryState();
    for (const [k, v] of this.db.stateEntries()) state.set(k, v);
    this.headState = state;
    this.head = head;
    this.finalized = this.blockByHash(this.db.finalized() ?? headHash) ?? head;
    this.version = decodeRuntimeVersion(this.runtime.call('Core_version', new Uint8Array(), new OverlayState(state)));
    this.log.info(`Resumed at #${head.number} (${head.hash}), finalized #${this.finalized.number}`);
  }

  private newIndex(): BlockIndex { return new BlockIndex(n => this.db.hashAt(n), this.recentHashes); }

  /** The recent part of the number → hash index from the database, up to the head; returns the head's record. */
  private loadIndex(headHash: string): BlockRecord {
    this.hashes = this.newIndex();
    const stored = this.db.getBlock(headHash);
    const number = stored ? decodeHeader(stored.header).number : -1;
    if (number < 0 || this.db.hashAt(number) !== headHash) throw new Error(`The database in ${this.db.dir} is inconsistent: head ${headHash} is missing`);
    for (const [n, h] of this.db.hashesBetween(Math.max(0, number - this.recentHashes), number)) this.hashes.set(n, h);
    this.hashes.truncate(number + 1);
    return this.blockByHash(headHash)!;
  }

  // ---- queries -------------------------------------------------------------------------------------------------

  blockByHash(hash: string): BlockRecord | undefined {
    const h = hash.toLowerCase();
    let b = this.blocks.get(h);
    if (b) return b;
    const stored = this.db.getBlock(h);
    if (!stored) return this.upstreamBlock(h);
    const header = decodeHeader(stored.header);
    b = { hash: h, number: header.number, header, encodedHeader: stored.header, body: stored.body };
    if (this.hashes.get(b.number) !== h) return undefined;
    return b;
  }

  hashByNumber(n: number): string | undefined {
    if (this.fork && n < this.fork.baseNumber) {
      const h = this.fork.upstream.call<string | null>('chain_getBlockHash', [n]);
      return h ?? undefined;
    }
    return this.hashes.get(n);
  }

  /** Fork mode: a block before the fork point, as the upstream has it. */
  private upstreamBlock(hash: string): BlockRecord | undefined {
    if (!this.fork) return undefined;
    const json = this.fork.upstream.call<any>('chain_getBlock', [hash]);
    if (!json) return undefined;
    const encodedHeader = encodeJsonHeader(json.block.header);
    const header = decodeHeader(encodedHeader);
    if (header.number >= this.fork.baseNumber) return undefined;
    return { hash, number: header.number, header, encodedHeader, body: (json.block.extrinsics as string[]).map(fromHex) };
  }

  /** Block at `hash`, or the head when omitted. Throws UnknownBlockError. */
  resolve(hash?: string | null): BlockRecord {
    if (hash === undefined || hash === null) return this.head;
    const b = this.blockByHash(hash);
    if (!b) throw new UnknownBlockError(`Header was not found in the database: ${hash}`);
    return b;
  }

  private undoOf(hash: string): Map<string, Uint8Array | null> {
    let u = this.undoCache.get(hash);
    if (u) return u;
    const stored = this.db.getUndo(hash);
    if (!stored) throw new UnknownBlockError(`State of ${hash} is not available`);
    u = new Map(stored);
    return u;
  }

  /** Readable state as of the end of block `hash` (head if omitted). */
  stateAt(hash?: string | null): ReadableState {
    const b = this.resolve(hash);
    if (b.hash === this.head.hash) return this.headState;
    if (this.fork && b.number < this.fork.baseNumber) return new UpstreamState(this.fork.upstream, b.hash);
    if (this.head.number - b.number > this.stateHistory || b.number < this.prunedThrough) {
      throw new UnknownBlockError(`State already discarded for ${b.hash} (#${b.number}): this node keeps the state of the last ${this.stateHistory} blocks (--state-pruning)`);
    }
    const undos: Map<string, Uint8Array | null>[] = [];
    for (let n = b.number + 1; n <= this.head.number; n++) undos.push(this.undoOf(this.hashes.get(n)!));
    return new HistoricState(this.headState, undos, this.trieCache.get(b.hash));
  }

  /** A runtime API call at a block; writes go to a throwaway overlay. */
  call(method: string, args: Uint8Array, at?: string | null): Uint8Array {
    return this.runtime.call(method, args, new OverlayState(this.stateAt(at)));
  }

  // ---- events --------------------------------------------------------------------------------------------------

  onBlock(cb: (b: ImportedBlock) => void): () => void { this.blockListeners.add(cb); return () => this.blockListeners.delete(cb); }
  onFinalized(cb: (b: BlockRecord) => void): () => void { this.finalizedListeners.add(cb); return () => this.finalizedListeners.delete(cb); }
  onStateEdit(cb: (changes: Changes) => void): () => void { this.stateEditListeners.add(cb); return () => this.stateEditListeners.delete(cb); }
  /** After rewindTo: the new head and the hashes of the blocks that left the chain (state listeners have already
   *  heard the state change through onStateEdit). */
  onRewind(cb: (head: BlockRecord, dropped: string[]) => void): () => void { this.rewindListeners.add(cb); return () => this.rewindListeners.delete(cb); }

  // ---- block production ----------------------------------------------------------------------------------------

  /** Timestamp.Now at the head (ms), the chain's own clock. */
  headTimestampMs(): number {
    const raw = this.headState.get(TIMESTAMP_NOW_KEY);
    return raw && raw.length === 8 ? Number(new Reader(raw).u64()) : 0;
  }

  timeTravel(timestampMs: bigint): void {
    this.nextTimestampOverride = timestampMs;
    if (this.wallClock) this.clockOffsetMs = timestampMs - BigInt(Date.now());
  }

  private nextTimestamp(): bigint {
    const raw = this.headState.get(TIMESTAMP_NOW_KEY);
    const parent = raw && raw.length === 8 ? new Reader(raw).u64() : 0n;
    const bt = BigInt(this.blockTimeMs);
    let ts: bigint;
    if (this.nextTimestampOverride !== null) {
      ts = this.nextTimestampOverride;
      this.nextTimestampOverride = null;
    } else if (this.wallClock && !this.deterministic) {
      const now = BigInt(Date.now()) + this.clockOffsetMs;
      ts = (now / bt) * bt;
    } else {
      ts = parent + bt;
    }
    // Aura slots must increase and Timestamp wants at least MinimumPeriod between blocks.
    if (ts < parent + bt) ts = parent + bt;
    return ts;
  }

  /** Builds, seals, imports and persists one block with transactions pulled from `txs`. */
  buildBlock(txs?: BlockTxSource): ImportedBlock {
    if (this.blockRefusal !== null) throw new Error(this.blockRefusal);
    const parent = this.head;
    const overlay = new OverlayState(this.headState);
    const timestamp = this.nextTimestamp();
    const slot = timestamp / BigInt(this.blockTimeMs);
    const preDigest = auraPreDigest(slot);
    const partial: Header = { parentHash: fromHex(parent.hash), number: parent.number + 1, stateRoot: ZERO_HASH, extrinsicsRoot: ZERO_HASH, digest: [preDigest] };
    this.runtime.call('Core_initialize_block', encodeHeader(partial), overlay);

    const body: Uint8Array[] = [];
    const inherentData = encodeInherentData(timestamp, [[SHIELD_INHERENT_ID, encodeShieldInherent(this.shieldKeys.nextEncKey(
      this.deterministic ? deriveSeed(this.authority, new TextEncoder().encode('mev-shield'), partial.parentHash) : undefined))]]);
    const inherents = decodeExtrinsicList(this.runtime.call('BlockBuilder_inherent_extrinsics', inherentData, overlay));
    for (const xt of inherents) {
      const res = decodeApplyResult(this.runtime.call('BlockBuilder_apply_extrinsic', xt, overlay));
      if (!res.included) throw new Error(`inherent rejected by the runtime: ${res.error.message}`);
      body.push(xt);
    }

    let bytes = 0;
    this.deferredShielded = 0;
    if (txs) {
      for (let next = txs.next(); next; next = txs.next()) {
        if (bytes + next.bytes.length > MAX_NORMAL_BLOCK_BYTES) {
          txs.report({ included: false, error: { kind: 'Invalid', variant: 'ExhaustsResources', message: 'Transaction would exhaust the block limits' } });
          break;
        }
        // A shielded wrapper waits in the pool until the block whose author holds its key (PendingKey).
        const shielded = this.shieldedTx(next.bytes);
        if (shielded && !this.atParent('ShieldApi_is_shielded_using_current_key', shielded.keyHash)[0]) {
          txs.report({ included: false, deferred: true });
          this.deferredShielded++;
          continue;
        }
        const res = this.applyInBlock(next.bytes, next.hash, overlay);
        if (res.included) {
          body.push(next.bytes);
          bytes += next.bytes.length;
          txs.report({ included: true });
          if (shielded) {
            const inner = this.unshield(shielded);
            // The inner extrinsic goes in right after its wrapper, under its own hash; if it is invalid (bad
            // signature, stale nonce...) it is left out and only the wrapper (and its fee) stays, as at subtensor.
            if (inner && this.applyInBlock(inner, toHex(extrinsicHash(inner)), overlay).included) {
              body.push(inner);
              bytes += inner.length;
            }
          }
        } else {
          txs.report(res);
          if (res.error.variant === 'ExhaustsResources') break;
        }
      }
    }

    const header = decodeHeader(this.runtime.call('BlockBuilder_finalize_block', new Uint8Array(), overlay));
    if (auraSlot(header) === null) header.digest.unshift(preDigest);
    const sealHash = hashHeaderBytes(encodeHeader(header));
    header.digest.push({ type: 'Seal', engine: AURA_ENGINE, data: (this.deterministic ? signDeterministic : sign)(this.authority, sealHash) });
    const encodedHeader = encodeHeader(header);
    const hash = toHex(hashHeaderBytes(encodedHeader));
    const changes = overlay.changes();
    return this.importBuilt({ hash, number: header.number, header, encodedHeader, body }, changes, overlay.computedTrie());
  }

  /** BlockBuilder_apply_extrinsic in its own layer of the block overlay (kept only when included). */
  private applyInBlock(xt: Uint8Array, hash: string, overlay: OverlayState): ReturnType<typeof decodeApplyResult> {
    overlay.startTransaction();
    let res: ReturnType<typeof decodeApplyResult>;
    try {
      res = decodeApplyResult(this.runtime.call('BlockBuilder_apply_extrinsic', xt, overlay));
    } catch (e) {
      overlay.rollbackTransaction();
      this.log.warn(`apply_extrinsic ${hash} failed in the runtime: ${(e as Error).message}`);
      return { included: false, error: { kind: 'Invalid', variant: 'Call', message: `Runtime error: ${(e as Error).message}` } };
    }
    if (res.included) overlay.commitTransaction(); else overlay.rollbackTransaction();
    if (!res.included) this.log.debug(`extrinsic ${hash} not included: ${res.error.message}`);
    return res;
  }

  /** A runtime API call against the parent of the block being built (the head), as subtensor's proposer makes them. */
  private atParent(method: string, args: Uint8Array): Uint8Array {
    return this.runtime.call(method, args, new OverlayState(this.headState));
  }

  private shieldedTx(xt: Uint8Array): ShieldedTx | null {
    return decodeShieldedTxOption(this.atParent('ShieldApi_try_decode_shielded_tx', xt));
  }

  /** The wrapper's inner extrinsic, decrypted by the runtime with the matching decapsulation key. */
  private unshield(tx: ShieldedTx): Uint8Array | null {
    const decKey = this.shieldKeys.decKeyFor(tx.keyHash);
    if (!decKey) return null;
    const args = new Writer(decKey.length + tx.encoded.length + 4).bytes(decKey).raw(tx.encoded).finish();
    return decodeExtrinsicOption(this.atParent('ShieldApi_try_unshield_tx', args));
  }

  /** `trie`: the state's trie after the block, when finalize_block already computed it. */
  private importBuilt(block: BlockRecord, written: Changes, trie?: Trie): ImportedBlock {
    // Keys created and removed within the block (System.ExtrinsicData, one per extrinsic) are no change: leaving them
    // out keeps them from the database, the undo records and the workers' replicas.
    const changes: Changes = new Map();
    const undo = new Map<string, Uint8Array | null>();
    for (const [k, v] of written) {
      const before = this.headState.get(k) ?? null;
      if (v === null && before === null) continue;
      changes.set(k, v);
      undo.set(k, before);
    }
    const finalizedNumber = this.finality === 'instant' ? block.number : Math.max(0, block.number - this.finality);
    const newFinalized = finalizedNumber > this.finalized.number
      ? (finalizedNumber === block.number ? block : this.resolve(this.hashes.get(finalizedNumber)))
      : this.finalized;

    // Durable first (a synchronous commit), then in memory, then announced: a client never hears of a block, its
    // finality or a transaction status that a crash could take back.
    const prune = this.undoToPrune(block.number);
    this.db.writeBlock({
      hash: block.hash, number: block.number, block: { header: block.encodedHeader, body: block.body },
      undo: [...undo], changes: [...changes], head: block.hash, finalized: newFinalized.hash,
      pruneUndo: prune,
    });
    if (prune) {
      this.prunedThrough = prune.through;
      for (const h of prune.hashes) this.undoCache.delete(h);
    }

    this.headState.apply(changes, trie);
    this.trieCache.set(block.hash, this.headState.trie());
    this.blocks.set(block.hash, block);
    this.hashes.set(block.number, block.hash);
    this.undoCache.set(block.hash, undo);
    this.head = block;
    const prevFinalized = this.finalized;
    this.finalized = newFinalized;
    this.trimCaches(block.number);

    const imported: ImportedBlock = { block, changes, txHashes: block.body.map(x => toHex(extrinsicHash(x))) };
    for (const cb of [...this.blockListeners]) {
      try { cb(imported); } catch (e) { this.log.warn(`block listener failed: ${(e as Error).stack}`); }
    }
    if (this.finalized !== prevFinalized) this.emitFinalized(prevFinalized.number);
    return imported;
  }

  private emitFinalized(fromExclusive: number): void {
    // Listeners see every newly finalized block in order (watchers of a tx in an intermediate block need theirs).
    for (let n = fromExclusive + 1; n <= this.finalized.number; n++) {
      const b = this.resolve(this.hashes.get(n));
      for (const cb of [...this.finalizedListeners]) {
        try { cb(b); } catch (e) { this.log.warn(`finality listener failed: ${(e as Error).stack}`); }
      }
    }
  }

  /** Finalizes up to `hash` (used when finality lags and by dev tooling). */
  finalize(hash: string): void {
    const b = this.resolve(hash);
    if (b.number <= this.finalized.number) return;
    const prev = this.finalized;
    this.db.setFinalized(b.hash);
    this.finalized = b;
    this.emitFinalized(prev.number);
  }

  /** Undo records that no state query and no dev snapshot needs any more once block `headNumber` is imported: those
   *  of blocks up to headNumber − stateHistory, and not after the oldest snapshot's block (rewinding to block t
   *  lays back the undo records of t+1 … head). At most UNDO_PRUNE_BATCH per block. */
  private undoToPrune(headNumber: number): { hashes: string[]; through: number } | null {
    let limit = headNumber - this.stateHistory;
    if (this.retainFrom !== null) limit = Math.min(limit, this.retainFrom);
    // A fork's blocks before its first one are the upstream's: none has an undo record here.
    const from = Math.max(this.prunedThrough, this.fork ? this.fork.baseNumber : 0);
    const through = Math.min(limit, from + UNDO_PRUNE_BATCH);
    if (!(through > this.prunedThrough)) return null;
    const hashes: string[] = [];
    for (let n = from + 1; n <= through; n++) { const h = this.hashes.get(n); if (h) hashes.push(h); }
    return { hashes, through };
  }

  /** Dev snapshots: the lowest block one may rewind to (null: none); undo records after it are kept. */
  setRetainFrom(blockNumber: number | null): void { this.retainFrom = blockNumber; }

  private trimCaches(headNumber: number): void {
    const oldest = headNumber - UNDO_CACHE;
    if (oldest >= 1) {
      const h = this.hashes.get(oldest);
      if (h) this.undoCache.delete(h);
      if (h && h !== this.finalized.hash) this.blocks.delete(h);
    }
    const oldestTrie = this.hashes.get(headNumber - TRIE_CACHE);
    if (oldestTrie) this.trieCache.delete(oldestTrie);
  }

  /** dev_setStorage: edits the head state in place (the head's undo record is widened so older views stay right). */
  setStorage(entries: [string, Uint8Array | null][]): void {
    const changes: Changes = new Map(entries);
    // Genesis, and a fork's first block, have no undo record: their edits become part of the starting state.
    if (this.head.number > (this.fork?.baseNumber ?? 0)) {
      const undo = this.undoOf(this.head.hash);
      for (const k of changes.keys()) if (!undo.has(k)) undo.set(k, this.headState.get(k) ?? null);
      this.db.writeStateEdit(this.head.hash, [...undo], entries);
      this.undoCache.set(this.head.hash, undo);
    } else {
      this.db.writeStateEdit(this.head.hash, [], entries);
    }
    this.headState.apply(changes);
    // The head's trie is no longer the one cached for it (its header keeps the root it was built with).
    this.trieCache.delete(this.head.hash);
    for (const cb of [...this.stateEditListeners]) cb(changes);
  }

  /**
   * dev_setHead / dev_revert: makes an earlier block the head again. The undo records of the later blocks, laid back
   * from the head down, give the state at `target`; those blocks leave the chain and the database in the same
   * transaction as the state and head change (with `meta`), so a crash leaves either chain, never a mix. Finality
   * moves back with the head: on a dev chain the user's explicit rewind outranks it, as in Chopsticks.
   */
  rewindTo(target: BlockRecord, meta?: [string, unknown][]): void {
    if (this.hashes.get(target.number) !== target.hash) throw new UnknownBlockError(`Block ${target.hash} is not on the chain`);
    if (target.number < this.prunedThrough && target.number < this.head.number) {
      throw new UnknownBlockError(`Cannot move the head back to #${target.number}: the state before #${this.prunedThrough} is discarded (this node keeps the last ${this.stateHistory} blocks' state, --state-pruning; a dev_snapshot keeps it from its block on)`);
    }
    if (target.number >= this.head.number) {
      if (meta?.length) for (const [k, v] of meta) this.db.putMeta(k, v);
      return;
    }
    const changes: Changes = new Map();
    // From the head down: a key's undo record nearest to `target` (written last here) holds its value at `target`.
    for (let n = this.head.number; n > target.number; n--) {
      for (const [k, v] of this.undoOf(this.hashes.get(n)!)) changes.set(k, v);
    }
    const dropped = this.hashes.from(target.number + 1);
    const finalized = this.finalized.number > target.number ? target : this.finalized;
    this.db.rewind({ head: target.hash, finalized: finalized.hash, dropped: dropped.map((h, i) => [target.number + 1 + i, h]), changes: [...changes], meta });
    this.headState.apply(changes);
    for (const h of dropped) { this.blocks.delete(h); this.undoCache.delete(h); this.trieCache.delete(h); }
    this.blocks.set(target.hash, target);
    this.hashes.truncate(target.number + 1);
    this.head = target;
    this.finalized = finalized;
    this.nextTimestampOverride = null;
    for (const cb of [...this.stateEditListeners]) cb(changes);
    for (const cb of [...this.rewindListeners]) {
      try { cb(target, dropped); } catch (e) { this.log.warn(`rewind listener failed: ${(e as Error).stack}`); }
    }
  }

  /** Whole extrinsic bytes of a block body as Vec<OpaqueExtrinsic>. */
  static encodeBody(body: Uint8Array[]): Uint8Array {
    const w = new Writer();
    w.compact(body.length);
    for (const x of body) w.raw(x);
    return w.finish();
  }
}

/** A header as JSON-RPC returns it → its SCALE bytes (each digest log is already a SCALE-encoded DigestItem). */
function encodeJsonHeader(json: { parentHash: string; number: string | number; stateRoot: string; extrinsicsRoot: string; digest: { logs: string[] } }): Uint8Array {
  const w = new Writer();
  w.raw(fromHex(json.parentHash));
  w.compact(typeof json.number === 'number' ? json.number : Number(BigInt(json.number)));
  w.raw(fromHex(json.stateRoot));
  w.raw(fromHex(json.extrinsicsRoot));
  w.compact(json.digest.logs.length);
  for (const log of json.digest.logs) w.raw(fromHex(log));
  return w.finish();
}

/** OpaqueMetadata (Vec<u8>) → the metadata bytes. */
function stripLength(v: Uint8Array): Uint8Array {
  const r = new Reader(v);
  return r.bytes();
}
