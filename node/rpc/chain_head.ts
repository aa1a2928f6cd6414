// chainHead_v1_*: the new JSON-RPC spec's head-of-chain API (paritytech.github.io/json-rpc-interface-spec).
// A follow subscription reports the finalized block, then every new block, best-block change and finalization as
// the chain's import/finality notifications fire. Every block it reports is pinned for that subscription until the
// client unpins it; header/body/storage/call only accept pinned blocks. body/storage/call are "operations": the
// method answers `{ result: 'started', operationId }` and the outcome arrives later as follow events — always after
// the response (the work runs on setImmediate, behind the response's microtask chain).
import { toHex } from '../../runtime/codec/scale.ts';
import type { ReadableState } from '../../runtime/frame/state.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import type { BlockRecord } from '../chain.ts';
import type { RuntimeVersionInfo } from '../runtime_calls.ts';
import { type RpcContext, hexArg } from './context.ts';
import { RpcError, invalidParams, type SubscriptionSink } from './server.ts';

// The spec's error codes.
export const ERR_INVALID_BLOCK = -32801;
export const ERR_NO_RUNTIME = -32802;
export const ERR_INVALID_CONTINUE = -32803;
export const ERR_DUPLICATE_HASHES = -32804;

/** Tunables (tests lower them to exercise pagination and the pin limit). */
export const chainHeadLimits = {
  /** Concurrent operations per follow subscription (the spec requires at least 16; each storage item counts). */
  maxOperations: 64,
  /** Finalized blocks a subscription may keep pinned before the server stops it (non-finalized ones are free). */
  maxPinnedFinalized: 1024,
  /** Storage items per operationStorageItems event. */
  itemsPerEvent: 256,
  /** Descendant items sent before pausing with operationWaitingForContinue. */
  itemsBeforeContinue: 4096,
};

export type StorageType = 'value' | 'hash' | 'closestDescendantMerkleValue' | 'descendantsValues' | 'descendantsHashes';
const STORAGE_TYPES = new Set<StorageType>(['value', 'hash', 'closestDescendantMerkleValue', 'descendantsValues', 'descendantsHashes']);

interface StorageItemOut { key: string; value?: string; hash?: string; closestDescendantMerkleValue?: string }

interface Operation {
  id: string;
  /** Operation slots it holds (storage: one per item). */
  weight: number;
  cancelled: boolean;
  /** Set while a storage operation waits for chainHead_v1_continue. */
  resume: (() => void) | null;
}

interface Follow {
  sink: SubscriptionSink;
  withRuntime: boolean;
  /** Pinned block hash → block number. */
  pinned: Map<string, number>;
  ops: Map<string, Operation>;
  opSlots: number;
  nextOp: number;
  stop(): void;
}

/** The spec's runtime specification (apis as { hexId: version }). */
export function runtimeSpecJson(v: RuntimeVersionInfo) {
  return {
    type: 'valid' as const,
    spec: {
      specName: v.specName,
      implName: v.implName,
      specVersion: v.specVersion,
      implVersion: v.implVersion,
      transactionVersion: v.transactionVersion,
      apis: Object.fromEntries(v.apis),
    },
  };
}

export interface StorageQuery { key: string; type: StorageType; paginationStartKey?: string }

/** The `items` parameter of chainHead_v1_storage / archive_v1_storage. */
export function storageItemsArg(v: unknown): StorageQuery[] {
  if (!Array.isArray(v)) throw invalidParams('items must be an array');
  return v.map((it, i) => {
    const o = it as { key?: unknown; type?: unknown; paginationStartKey?: unknown };
    if (!o || typeof o !== 'object') throw invalidParams(`items[${i}] must be an object`);
    if (typeof o.type !== 'string' || !STORAGE_TYPES.has(o.type as StorageType)) throw invalidParams(`items[${i}].type is not a storage query type`);
    const q: StorageQuery = { key: toHex(hexArg(o.key, `items[${i}].key`)), type: o.type as StorageType };
    if (o.paginationStartKey !== undefined && o.paginationStartKey !== null) q.paginationStartKey = toHex(hexArg(o.paginationStartKey, `items[${i}].paginationStartKey`));
    return q;
  });
}

/** `closestDescendantMerkleValue` (Polkadot spec, Merkle value): the encoding or hash of the trie node at `key` or
 *  its closest descendant; null when no key starts with `key`. */
export function closestDescendantMerkleValue(state: ReadableState, key: string): string | null {
  const mv = state.trie().closestDescendantMerkleValue(key);
  return mv === null ? null : toHex(mv);
}

export function registerChainHead(ctx: RpcContext): void {
  const { registry: r, chain } = ctx;
  // Subscription ids are unique within the process, so one map serves every connection.
  const follows = new Map<string, Follow>();

  const followOf = (v: unknown): Follow | null => {
    if (typeof v !== 'string') throw invalidParams('followSubscription must be a string');
    return follows.get(v) ?? null;
  };
  const blockHashArg = (v: unknown): string => toHex(hexArg(v, 'block hash', 32));
  const requirePinned = (f: Follow, hash: string): BlockRecord => {
    const b = f.pinned.has(hash) ? chain.blockByHash(hash) : undefined;
    if (!b) throw new RpcError(ERR_INVALID_BLOCK, 'Invalid block hash: the block is not pinned by this subscription');
    return b;
  };

  /** Reserves `weight` operation slots (fewer if that is all there is); null when none are free. */
  const startOp = (f: Follow, weight: number): Operation | null => {
    const free = chainHeadLimits.maxOperations - f.opSlots;
    if (free <= 0) return null;
    const w = Math.min(weight, free);
    const op: Operation = { id: String(f.nextOp++), weight: w, cancelled: false, resume: null };
    f.ops.set(op.id, op);
    f.opSlots += w;
    return op;
  };
  const endOp = (f: Follow, op: Operation) => {
    if (f.ops.get(op.id) !== op) return;
    f.ops.delete(op.id);
    f.opSlots -= op.weight;
  };
  /** Runs `fn` after the method's response has gone out, unless the operation was stopped meanwhile. */
  const later = (f: Follow, op: Operation, fn: () => void) => setImmediate(() => {
    if (op.cancelled || f.sink.closed) { endOp(f, op); return; }
    fn();
  });
  const opEvent = (f: Follow, op: Operation, event: string, fields: Record<string, unknown> = {}) =>
    f.sink.send({ event, operationId: op.id, ...fields });

  r.subscription('chainHead_v1_follow', {
    notification: 'chainHead_v1_followEvent',
    unsubscribe: ['chainHead_v1_unfollow'],
    start: (params, sink) => {
      const withRuntime = params[0];
      if (typeof withRuntime !== 'boolean') throw invalidParams('withRuntime must be a boolean');
      const f: Follow = { sink, withRuntime, pinned: new Map(), ops: new Map(), opSlots: 0, nextOp: 1, stop: () => {} };
      follows.set(sink.id, f);

      const send = (ev: Record<string, unknown>) => sink.send(ev);
      const pinnedFinalizedCount = () => {
        let n = 0;
        for (const num of f.pinned.values()) if (num <= chain.finalized.number) n++;
        return n;
      };
      const stopFollow = () => {
        send({ event: 'stop' });
        sink.close();
      };

      const fin = chain.finalized;
      f.pinned.set(fin.hash, fin.number);
      send(withRuntime
        ? { event: 'initialized', finalizedBlockHashes: [fin.hash], finalizedBlockRuntime: runtimeSpecJson(chain.version) }
        : { event: 'initialized', finalizedBlockHashes: [fin.hash] });
      const newBlock = (b: BlockRecord) => {
        f.pinned.set(b.hash, b.number);
        // No runtime upgrades happen under a running node, so a block never brings a new runtime.
        send(withRuntime
          ? { event: 'newBlock', blockHash: b.hash, parentBlockHash: toHex(b.header.parentHash), newRuntime: null }
          : { event: 'newBlock', blockHash: b.hash, parentBlockHash: toHex(b.header.parentHash) });
      };
      for (let n = fin.number + 1; n <= chain.head.number; n++) newBlock(chain.resolve(chain.hashByNumber(n)!));
      send({ event: 'bestBlockChanged', bestBlockHash: chain.head.hash });

      // The chain is a single line (no forks), so every new block is the new best and nothing is ever pruned.
      const offBlock = chain.onBlock(imp => {
        if (sink.closed) return;
        newBlock(imp.block);
        send({ event: 'bestBlockChanged', bestBlockHash: imp.block.hash });
      });
      const offFinal = chain.onFinalized(b => {
        if (sink.closed) return;
        send({ event: 'finalized', finalizedBlockHashes: [b.hash], prunedBlockHashes: [] });
        if (pinnedFinalizedCount() > chainHeadLimits.maxPinnedFinalized) stopFollow();
      });
      // A rewind (dev_setHead, dev_revert) takes back blocks the follower was told of, finalized ones too, which the
      // spec's events cannot say: the follow ends with `stop`, and the client follows anew (as after a node restart).
      const offRewind = chain.onRewind(() => { if (!sink.closed) stopFollow(); });
      f.stop = () => {
        offBlock();
        offFinal();
        offRewind();
        follows.delete(sink.id);
        for (const op of f.ops.values()) op.cancelled = true;
        f.ops.clear();
      };
      return () => f.stop();
    },
  }, ['withRuntime']);
  // The spec's unfollow answers null whether or not the subscription still exists.
  r.method('chainHead_v1_unfollow', (params, c) => {
    if (typeof params[0] !== 'string') throw invalidParams('followSubscription must be a string');
    c.connection?.unsubscribe(params[0], 'chainHead_v1_followEvent');
    return null;
  }, ['followSubscription']);

  r.method('chainHead_v1_header', params => {
    const f = followOf(params[0]);
    const hash = blockHashArg(params[1]);
    if (!f) return null;
    return toHex(requirePinned(f, hash).encodedHeader);
  }, ['followSubscription', 'hash']);

  r.method('chainHead_v1_unpin', params => {
    const f = followOf(params[0]);
    const raw = params[1];
    const list = Array.isArray(raw) ? raw : [raw];
    const hashes = list.map(blockHashArg);
    if (!f) return null;
    if (Array.isArray(raw) && new Set(hashes).size !== hashes.length) throw new RpcError(ERR_DUPLICATE_HASHES, 'Received duplicate hashes');
    // All or nothing: check every hash before unpinning any.
    for (const h of hashes) if (!f.pinned.has(h)) throw new RpcError(ERR_INVALID_BLOCK, `Invalid block hash: ${h} is not pinned`);
    for (const h of hashes) f.pinned.delete(h);
    return null;
  }, ['followSubscription', 'hashOrHashes']);

  r.method('chainHead_v1_body', params => {
    const f = followOf(params[0]);
    const hash = blockHashArg(params[1]);
    if (!f) return { result: 'limitReached' };
    const b = requirePinned(f, hash);
    const op = startOp(f, 1);
    if (!op) return { result: 'limitReached' };
    later(f, op, () => {
      endOp(f, op);
      opEvent(f, op, 'operationBodyDone', { value: b.body.map(x => toHex(x)) });
    });
    return { result: 'started', operationId: op.id };
  }, ['followSubscription', 'hash']);

  r.method('chainHead_v1_call', params => {
    const f = followOf(params[0]);
    const hash = blockHashArg(params[1]);
    if (typeof params[2] !== 'string') throw invalidParams('function must be a string');
    const fn = params[2];
    const args = hexArg(params[3] ?? '0x', 'callParameters');
    if (!f) return { result: 'limitReached' };
    if (!f.withRuntime) throw new RpcError(ERR_NO_RUNTIME, 'The chainHead_v1_follow subscription was started with withRuntime set to false');
    requirePinned(f, hash);
    const op = startOp(f, 1);
    if (!op) return { result: 'limitReached' };
    later(f, op, () => {
      endOp(f, op);
      let output: Uint8Array;
      try {
        output = chain.call(fn, args, hash);
      } catch (e) {
        opEvent(f, op, 'operationError', { error: (e as Error)?.message ?? String(e) });
        return;
      }
      opEvent(f, op, 'operationCallDone', { output: toHex(output) });
    });
    return { result: 'started', operationId: op.id };
  }, ['followSubscription', 'hash', 'function', 'callParameters']);

  r.method('chainHead_v1_storage', params => {
    const f = followOf(params[0]);
    const hash = blockHashArg(params[1]);
    const items = storageItemsArg(params[2]);
    const childTrie = params[3] === undefined || params[3] === null ? null : toHex(hexArg(params[3], 'childTrie'));
    if (!f) return { result: 'limitReached' };
    requirePinned(f, hash);
    if (items.length === 0) {
      // Nothing to fetch, but the client still expects its operation to finish.
      const op = startOp(f, 0);
      if (!op) return { result: 'limitReached' };
      later(f, op, () => { endOp(f, op); opEvent(f, op, 'operationStorageDone'); });
      return { result: 'started', operationId: op.id, discardedItems: 0 };
    }
    const op = startOp(f, items.length);
    if (!op) return { result: 'limitReached' };
    const accepted = items.slice(0, op.weight);
    later(f, op, () => runStorage(f, op, hash, childTrie === null ? accepted : []));
    return { result: 'started', operationId: op.id, discardedItems: items.length - accepted.length };
  }, ['followSubscription', 'hash', 'items', 'childTrie']);

  function runStorage(f: Follow, op: Operation, hash: string, items: StorageQuery[]): void {
    // Child tries do not exist on this chain: such queries find nothing (the caller passes no items for them).
    let state;
    try {
      state = chain.stateAt(hash);
    } catch (e) {
      endOp(f, op);
      opEvent(f, op, 'operationError', { error: (e as Error).message });
      return;
    }
    const immediate: StorageItemOut[] = [];
    const descendants: { type: 'descendantsValues' | 'descendantsHashes'; keys: string[] }[] = [];
    for (const it of items) {
      if (it.type === 'value' || it.type === 'hash') {
        const v = state.get(it.key);
        if (v !== undefined) immediate.push(it.type === 'value' ? { key: it.key, value: toHex(v) } : { key: it.key, hash: toHex(blake2_256(v)) });
      } else if (it.type === 'closestDescendantMerkleValue') {
        const mv = closestDescendantMerkleValue(state, it.key);
        if (mv !== null) immediate.push({ key: it.key, closestDescendantMerkleValue: mv });
      } else {
        descendants.push({ type: it.type, keys: state.keysWithPrefix(it.key) });
      }
    }
    for (let i = 0; i < immediate.length; i += chainHeadLimits.itemsPerEvent) {
      opEvent(f, op, 'operationStorageItems', { items: immediate.slice(i, i + chainHeadLimits.itemsPerEvent) });
    }
    // Descendant listings go out in pages; after `itemsBeforeContinue` items the operation waits for the client.
    let d = 0, k = 0;
    const pump = () => {
      op.resume = null;
      // The head state moves on with new blocks: re-read the block's state each time we resume.
      let st;
      try { st = chain.stateAt(hash); } catch (e) {
        endOp(f, op);
        opEvent(f, op, 'operationInaccessible');
        return;
      }
      let sent = 0;
      while (d < descendants.length) {
        const { type, keys } = descendants[d];
        if (k >= keys.length) { d++; k = 0; continue; }
        if (sent >= chainHeadLimits.itemsBeforeContinue) {
          op.resume = () => setImmediate(() => { if (!op.cancelled && !f.sink.closed) pump(); else endOp(f, op); });
          opEvent(f, op, 'operationWaitingForContinue');
          return;
        }
        const n = Math.min(chainHeadLimits.itemsPerEvent, keys.length - k, chainHeadLimits.itemsBeforeContinue - sent);
        const page: StorageItemOut[] = [];
        for (const key of keys.slice(k, k + n)) {
          const v = st.get(key);
          if (v === undefined) continue;
          page.push(type === 'descendantsValues' ? { key, value: toHex(v) } : { key, hash: toHex(blake2_256(v)) });
        }
        k += n;
        sent += n;
        if (page.length) opEvent(f, op, 'operationStorageItems', { items: page });
      }
      endOp(f, op);
      opEvent(f, op, 'operationStorageDone');
    };
    pump();
  }

  r.method('chainHead_v1_continue', params => {
    const f = followOf(params[0]);
    if (typeof params[1] !== 'string') throw invalidParams('operationId must be a string');
    const op = f?.ops.get(params[1]);
    if (!f || !op) return null;
    if (!op.resume) throw new RpcError(ERR_INVALID_CONTINUE, 'The operation has not generated an operationWaitingForContinue event');
    // One continue per waiting event: a second one before the next wait is an error.
    const resume = op.resume;
    op.resume = null;
    resume();
    return null;
  }, ['followSubscription', 'operationId']);

  r.method('chainHead_v1_stopOperation', params => {
    const f = followOf(params[0]);
    if (typeof params[1] !== 'string') throw invalidParams('operationId must be a string');
    const op = f?.ops.get(params[1]);
    if (f && op) { op.cancelled = true; op.resume = null; endOp(f, op); }
    return null;
  }, ['followSubscription', 'operationId']);
}
