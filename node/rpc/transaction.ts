// transaction_v1_* and transactionWatch_v1_* (new JSON-RPC spec). There is no peer-to-peer network: "broadcasting"
// is submitting to the local pool, and the pool's legacy statuses are translated into the spec's watch events.
import { toHex } from '../../runtime/codec/scale.ts';
import { extrinsicHash } from '../block.ts';
import {
  ERR_ALREADY_IMPORTED, ERR_BAD_FORMAT, ERR_BANNED, ERR_IMMEDIATELY_DROPPED, ERR_INVALID_TX, ERR_TOO_LOW_PRIORITY, ERR_UNKNOWN_VALIDITY,
  type TxStatus, type TxWatcher,
} from '../pool.ts';
import { type RpcContext, hexArg } from './context.ts';
import { RpcError, invalidParams } from './server.ts';

// Broadcast operations remembered for transaction_v1_stop (oldest forgotten first beyond this).
const MAX_BROADCASTS = 4096;

export function registerTransaction(ctx: RpcContext): void {
  const { registry: r, chain, pool, log } = ctx;
  const broadcasts = new Set<string>();
  let nextBroadcast = 1;

  /** Index of the transaction within the block body (the spec's `block.index`). */
  const blockRef = (blockHash: string, txHash: string) => {
    const b = chain.blockByHash(blockHash);
    const index = b ? b.body.findIndex(x => toHex(extrinsicHash(x)) === txHash) : -1;
    return { hash: blockHash, index: Math.max(0, index) };
  };

  r.method('transaction_v1_broadcast', params => {
    const bytes = hexArg(params[0], 'transaction');
    const id = `tx-${nextBroadcast++}`;
    broadcasts.add(id);
    if (broadcasts.size > MAX_BROADCASTS) broadcasts.delete(broadcasts.values().next().value!);
    // The spec has the server stay silent about invalid transactions: the client learns from the chain.
    pool.submitAsync(bytes).catch(e => log.debug(`transaction_v1_broadcast ${id}: ${(e as Error).message}`));
    return id;
  }, ['transaction']);
  r.method('transaction_v1_stop', params => {
    if (typeof params[0] !== 'string' || !broadcasts.delete(params[0])) throw invalidParams('unknown broadcast operationId');
    // The transaction stays in the pool: with no peers there is nothing left to stop.
    return null;
  }, ['operationId']);

  r.subscription('transactionWatch_v1_submitAndWatch', {
    notification: 'transactionWatch_v1_watchEvent',
    unsubscribe: ['transactionWatch_v1_unwatch'],
    start: async (params, sink) => {
      const bytes = hexArg(params[0], 'transaction');
      const txHash = toHex(extrinsicHash(bytes));
      let validated = false;
      const finish = (ev: Record<string, unknown>) => { sink.send(ev); sink.close(); };
      const watcher: TxWatcher = {
        update: (s: TxStatus, reason?: string) => {
          if (s === 'ready' || s === 'future') {
            if (!validated) sink.send({ event: 'validated' });
            validated = true;
          } else if (s === 'invalid') {
            finish({ event: 'invalid', error: reason ?? 'Transaction is invalid' });
          } else if (s === 'dropped') {
            finish({ event: 'dropped', error: reason ?? 'Transaction was dropped from the pool' });
          } else if ('inBlock' in s) {
            if (!validated) sink.send({ event: 'validated' });
            validated = true;
            sink.send({ event: 'bestChainBlockIncluded', block: blockRef(s.inBlock, txHash) });
          } else if ('retracted' in s) {
            sink.send({ event: 'bestChainBlockIncluded', block: null });
          } else if ('finalized' in s) {
            finish({ event: 'finalized', block: blockRef(s.finalized, txHash) });
          } else if ('usurped' in s) {
            finish({ event: 'invalid', error: `Replaced by transaction ${s.usurped}` });
          } else if ('finalityTimeout' in s) {
            finish({ event: 'dropped', error: 'Finality timeout' });
          }
          // `broadcast` has no counterpart in the spec.
        },
        done: () => sink.close(),
      };
      try {
        await pool.submitAsync(bytes, watcher);
      } catch (e) {
        // Unlike the legacy API, a refused transaction is reported as an event, not as an error of the call.
        const err = e instanceof RpcError ? e : null;
        const detail = err ? (typeof err.data === 'string' ? `${err.message}: ${err.data}` : err.message) : (e as Error).message;
        const code = err?.code;
        if (code === ERR_INVALID_TX || code === ERR_UNKNOWN_VALIDITY || code === ERR_BAD_FORMAT) finish({ event: 'invalid', error: detail });
        else if (code === ERR_ALREADY_IMPORTED || code === ERR_BANNED || code === ERR_TOO_LOW_PRIORITY || code === ERR_IMMEDIATELY_DROPPED) finish({ event: 'dropped', error: detail });
        else finish({ event: 'error', error: detail });
        return () => {};
      }
      return () => pool.unwatch(txHash, watcher);
    },
  }, ['transaction']);
  // The spec wants an error for an unknown subscription (the registry's default answers false).
  r.method('transactionWatch_v1_unwatch', (params, c) => {
    if (typeof params[0] !== 'string') throw invalidParams('subscription must be a string');
    if (!c.connection?.unsubscribe(params[0], 'transactionWatch_v1_watchEvent')) throw invalidParams('unknown subscription');
    return null;
  }, ['subscription']);
}
