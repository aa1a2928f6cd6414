// state_*: metadata, runtime version, runtime API calls, storage reads at any recent block, key listing, storage
// history, and the storage / runtime-version subscriptions (initial value first, then only on change).
import { Reader, toHex } from '../../runtime/codec/scale.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import type { ReadableState } from '../../runtime/frame/state.ts';
import { runtimeVersionJson } from '../runtime_calls.ts';
import { type RpcContext, guarded, hexArg, keyArg, optHashArg, u32Arg } from './context.ts';
import { invalidParams, RpcError } from './server.ts';

const MAX_KEYS_PAGE = 1000;

export function registerState(ctx: RpcContext): void {
  const { registry: r, chain } = ctx;
  let metadataHex: string | null = null;

  const stateAt = (at: unknown): { state: ReadableState; hash: string } => guarded(() => {
    const h = optHashArg(at);
    const b = chain.resolve(h);
    return { state: chain.stateAt(b.hash), hash: b.hash };
  });
  const keyList = (v: unknown, what: string): string[] => {
    if (!Array.isArray(v)) throw invalidParams(`${what} must be an array of hex keys`);
    return v.map(k => keyArg(k, what));
  };
  const valueHex = (s: ReadableState, k: string) => { const v = s.get(k); return v === undefined ? null : toHex(v); };

  r.method('state_getMetadata', params => {
    optHashArg(params[0]);
    if (!metadataHex) {
      const out = guarded(() => chain.call('Metadata_metadata', new Uint8Array()));
      // OpaqueMetadata is a Vec<u8>: strip its length prefix.
      const rd = new Reader(out);
      metadataHex = toHex(rd.bytes());
    }
    return metadataHex;
  }, ['at']);
  r.method(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], params => {
    stateAt(params[0]);
    return runtimeVersionJson(chain.version);
  }, ['at']);
  r.method(['state_call', 'state_callAt'], params => {
    if (typeof params[0] !== 'string') throw invalidParams('method name must be a string');
    const data = hexArg(params[1] ?? '0x', 'call data');
    const at = optHashArg(params[2]);
    return toHex(guarded(() => chain.call(params[0] as string, data, at)));
  }, ['name', 'bytes', 'hash']);
  r.method(['state_getStorage', 'state_getStorageAt'], params => {
    const k = keyArg(params[0]);
    return valueHex(stateAt(params[1]).state, k);
  }, ['key', 'hash']);
  r.method(['state_getStorageHash', 'state_getStorageHashAt'], params => {
    const k = keyArg(params[0]);
    const v = stateAt(params[1]).state.get(k);
    return v === undefined ? null : toHex(blake2_256(v));
  }, ['key', 'hash']);
  r.method(['state_getStorageSize', 'state_getStorageSizeAt'], params => {
    const k = keyArg(params[0]);
    const v = stateAt(params[1]).state.get(k);
    return v === undefined ? null : v.length;
  }, ['key', 'hash']);
  // Substrate's read proof: the trie nodes a reader of `keys` walks through at the block (StorageProof, sorted).
  r.method('state_getReadProof', params => {
    const keys = keyList(params[0], 'keys');
    const { state, hash } = stateAt(params[1]);
    const proof = guarded(() => state.trie().proveRead(keys));
    return { at: hash, proof: proof.map(toHex) };
  }, ['keys', 'hash']);
  r.method('state_getKeys', params => {
    const prefix = keyArg(params[0], 'prefix');
    return stateAt(params[1]).state.keysWithPrefix(prefix);
  }, ['prefix', 'hash']);
  r.method('state_getPairs', params => {
    const prefix = keyArg(params[0], 'prefix');
    const { state } = stateAt(params[1]);
    return state.keysWithPrefix(prefix).map(k => [k, toHex(state.get(k)!)]);
  }, ['prefix', 'hash']);
  r.method(['state_getKeysPaged', 'state_getKeysPagedAt'], params => {
    const prefix = params[0] === undefined || params[0] === null ? '0x' : keyArg(params[0], 'prefix');
    const count = u32Arg(params[1], 'count');
    if (count > MAX_KEYS_PAGE) throw invalidParams(`count exceeds maximum value. value: ${count}, max: ${MAX_KEYS_PAGE}`);
    const start = params[2] === undefined || params[2] === null ? null : keyArg(params[2], 'startKey');
    const { state } = stateAt(params[3]);
    const keys = state.keysWithPrefix(prefix);
    let i = 0;
    if (start !== null) {
      // First key strictly after startKey (binary search; keys are sorted).
      let lo = 0, hi = keys.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] <= start) lo = m + 1; else hi = m; }
      i = lo;
    }
    return keys.slice(i, i + count);
  }, ['prefix', 'count', 'startKey', 'hash']);
  r.method('state_queryStorageAt', params => {
    const keys = keyList(params[0], 'keys');
    const { state, hash } = stateAt(params[1]);
    return [{ block: hash, changes: keys.map(k => [k, valueHex(state, k)]) }];
  }, ['keys', 'at']);
  r.method('state_queryStorage', params => {
    const keys = keyList(params[0], 'keys');
    const from = guarded(() => chain.resolve(optHashArg(params[1], 'fromBlock') ?? null));
    const to = guarded(() => chain.resolve(optHashArg(params[2], 'toBlock') ?? null));
    if (to.number < from.number) throw new RpcError(4001, 'Invalid block range: toBlock is before fromBlock');
    if (to.number - from.number > 4096) throw new RpcError(4001, 'Invalid block range: at most 4096 blocks');
    const out: { block: string; changes: [string, string | null][] }[] = [];
    let prev = new Map<string, string | null>();
    for (let n = from.number; n <= to.number; n++) {
      const hash = chain.hashByNumber(n)!;
      const state = guarded(() => chain.stateAt(hash));
      const changes: [string, string | null][] = [];
      for (const k of keys) {
        const v = valueHex(state, k);
        if (n === from.number || prev.get(k) !== v) changes.push([k, v]);
        prev.set(k, v);
      }
      if (n === from.number || changes.length) out.push({ block: hash, changes });
    }
    return out;
  }, ['keys', 'fromBlock', 'toBlock']);

  r.subscription(['state_subscribeStorage'], {
    notification: 'state_storage',
    unsubscribe: ['state_unsubscribeStorage'],
    start: (params, sink) => {
      const keys = params[0] === undefined ? null : keyList(params[0], 'keys');
      const watched = keys ? new Set(keys) : null;
      // Last value sent per watched key: a block that rewrites a key with the same value is not a change.
      const last = new Map<string, string | null>();
      if (keys) {
        const initial = keys.map(k => [k, valueHex(chain.headState, k)] as [string, string | null]);
        for (const [k, v] of initial) last.set(k, v);
        sink.send({ block: chain.head.hash, changes: initial });
      }
      const emit = (changed: Iterable<string>) => {
        const out: [string, string | null][] = [];
        for (const k of changed) {
          if (watched && !watched.has(k)) continue;
          const v = valueHex(chain.headState, k);
          if (watched && last.get(k) === v) continue;
          if (watched) last.set(k, v);
          out.push([k, v]);
        }
        if (out.length) sink.send({ block: chain.head.hash, changes: out });
      };
      const offBlock = chain.onBlock(b => emit(watched && watched.size < b.changes.size ? [...watched].filter(k => b.changes.has(k)) : b.changes.keys()));
      const offEdit = chain.onStateEdit(c => emit(c.keys()));
      return () => { offBlock(); offEdit(); };
    },
  }, ['keys']);
  r.subscription(['state_subscribeRuntimeVersion', 'chain_subscribeRuntimeVersion'], {
    notification: 'state_runtimeVersion',
    unsubscribe: ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
    start: (_p, sink) => {
      sink.send(runtimeVersionJson(chain.version));
      // The runtime never changes under a running node (no runtime upgrades), so nothing follows.
      return () => {};
    },
  });
}
