// author_*: submission (plain and watched), the pending list, removal, and stubs for the key-management calls a
// dev node answers without a keystore.
import { toHex } from '../../runtime/codec/scale.ts';
import { extrinsicHash } from '../block.ts';
import type { TxStatus, TxWatcher } from '../pool.ts';
import { type RpcContext, hexArg } from './context.ts';
import { invalidParams } from './server.ts';

export function registerAuthor(ctx: RpcContext): void {
  const { registry: r, pool } = ctx;
  r.method('author_submitExtrinsic', params => pool.submitAsync(hexArg(params[0], 'extrinsic')), ['extrinsic']);
  r.method('author_pendingExtrinsics', () => pool.pending().map(x => toHex(x)));
  r.method('author_removeExtrinsic', params => {
    if (!Array.isArray(params[0])) throw invalidParams('expected an array of extrinsics or hashes');
    const removed: string[] = [];
    for (const item of params[0] as unknown[]) {
      // Either { Hash: 0x.. } / { Extrinsic: 0x.. } (Substrate's ExtrinsicOrHash) or a bare hex string.
      const o = item as Record<string, unknown>;
      const hash = typeof item === 'string' ? (item.length === 66 ? item.toLowerCase() : toHex(extrinsicHash(hexArg(item, 'extrinsic'))))
        : o && typeof o.hash === 'string' ? (o.hash as string).toLowerCase()
        : o && typeof o.Hash === 'string' ? (o.Hash as string).toLowerCase()
        : o && (typeof o.extrinsic === 'string' || typeof o.Extrinsic === 'string') ? toHex(extrinsicHash(hexArg(o.extrinsic ?? o.Extrinsic, 'extrinsic')))
        : null;
      if (!hash) throw invalidParams('expected an extrinsic or a hash');
      if (pool.removeByHash(hash)) removed.push(hash);
    }
    return removed;
  }, ['bytesOrHash']);
  r.method('author_hasKey', () => false, ['publicKey', 'keyType']);
  r.method('author_hasSessionKeys', () => false, ['sessionKeys']);
  r.method('author_rotateKeys', () => '0x');
  r.method('author_insertKey', () => null, ['keyType', 'suri', 'publicKey']);

  r.subscription('author_submitAndWatchExtrinsic', {
    notification: 'author_extrinsicUpdate',
    unsubscribe: ['author_unwatchExtrinsic'],
    start: async (params, sink) => {
      const bytes = hexArg(params[0], 'extrinsic');
      let hash = '';
      const watcher: TxWatcher = {
        update: (s: TxStatus) => sink.send(s),
        done: () => sink.close(),
      };
      // Validation errors reject the subscription itself (1010 etc.), as Substrate does.
      hash = await pool.submitAsync(bytes, watcher);
      return () => { if (hash) pool.unwatch(hash, watcher); };
    },
  }, ['extrinsic']);
}
