// archive_v1_*: queries against any block the node still has, outside a follow subscription (new JSON-RPC spec).
// polkadot-api falls back to these when a block it asks about is no longer pinned. archive_v1_storage is a
// subscription: one `storage` event per item, then `storageDone` (or `storageError`), then it ends.
import { toHex } from '../../runtime/codec/scale.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import type { ReadableState } from '../../runtime/frame/state.ts';
import { type RpcContext, hexArg, u32Arg } from './context.ts';
import { storageItemsArg, closestDescendantMerkleValue } from './chain_head.ts';
import { invalidParams } from './server.ts';

export function registerArchive(ctx: RpcContext): void {
  const { registry: r, chain } = ctx;
  const hashArg = (v: unknown) => toHex(hexArg(v, 'block hash', 32));

  r.method('archive_v1_genesisHash', () => chain.genesisHash);
  r.method('archive_v1_finalizedHeight', () => chain.finalized.number);
  r.method('archive_v1_hashByHeight', params => {
    const n = u32Arg(params[0], 'height');
    const h = n <= chain.head.number ? chain.hashByNumber(n) : undefined;
    return h ? [h] : [];
  }, ['height']);
  r.method('archive_v1_header', params => {
    const b = chain.blockByHash(hashArg(params[0]));
    return b ? toHex(b.encodedHeader) : null;
  }, ['hash']);
  r.method('archive_v1_body', params => {
    const b = chain.blockByHash(hashArg(params[0]));
    return b ? b.body.map(x => toHex(x)) : null;
  }, ['hash']);
  r.method('archive_v1_call', params => {
    const hash = hashArg(params[0]);
    if (typeof params[1] !== 'string') throw invalidParams('function must be a string');
    const args = hexArg(params[2] ?? '0x', 'callParameters');
    if (!chain.blockByHash(hash)) return null;
    try {
      return { success: true, value: toHex(chain.call(params[1], args, hash)) };
    } catch (e) {
      return { success: false, error: (e as Error)?.message ?? String(e) };
    }
  }, ['hash', 'function', 'callParameters']);

  r.subscription('archive_v1_storage', {
    notification: 'archive_v1_storageEvent',
    unsubscribe: ['archive_v1_stopStorage'],
    start: (params, sink) => {
      const hash = hashArg(params[0]);
      const items = storageItemsArg(params[1]);
      const childTrie = params[2] === undefined || params[2] === null ? null : toHex(hexArg(params[2], 'childTrie'));
      // Events sent here reach the client right after the subscription id; the operation is over when start returns.
      let state: ReadableState;
      try {
        state = chain.stateAt(hash);
      } catch (e) {
        sink.send({ event: 'storageError', error: (e as Error).message });
        sink.close();
        return () => {};
      }
      // This chain has no child tries: such queries find nothing.
      for (const it of childTrie === null ? items : []) {
        if (it.type === 'value' || it.type === 'hash') {
          const v = state.get(it.key);
          if (v !== undefined) sink.send(it.type === 'value' ? { event: 'storage', key: it.key, value: toHex(v) } : { event: 'storage', key: it.key, hash: toHex(blake2_256(v)) });
        } else if (it.type === 'closestDescendantMerkleValue') {
          const mv = closestDescendantMerkleValue(state, it.key);
          if (mv !== null) sink.send({ event: 'storage', key: it.key, closestDescendantMerkleValue: mv });
        } else {
          let keys = state.keysWithPrefix(it.key);
          // Resume strictly after the key the client saw last.
          if (it.paginationStartKey !== undefined) keys = keys.filter(k => k > it.paginationStartKey!);
          for (const k of keys) {
            const v = state.get(k)!;
            sink.send(it.type === 'descendantsValues' ? { event: 'storage', key: k, value: toHex(v) } : { event: 'storage', key: k, hash: toHex(blake2_256(v)) });
          }
        }
      }
      sink.send({ event: 'storageDone' });
      sink.close();
      return () => {};
    },
  }, ['hash', 'items', 'childTrie']);
}
