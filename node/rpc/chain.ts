// chain_*: block hashes, headers, blocks, finalized head, and the head subscriptions (each sends the current
// header first, as Substrate does).
import type { BlockRecord } from '../chain.ts';
import { headerJson } from '../block.ts';
import { toHex } from '../../runtime/codec/scale.ts';
import { type RpcContext, optHashArg } from './context.ts';
import { invalidParams } from './server.ts';

export function blockJson(b: BlockRecord) {
  return { block: { header: headerJson(b.header), extrinsics: b.body.map(x => toHex(x)) }, justifications: null };
}

export function registerChain(ctx: RpcContext): void {
  const { registry: r, chain } = ctx;

  const hashFor = (v: unknown): string | null => {
    if (v === undefined || v === null) return chain.head.hash;
    let n: number;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) n = v;
    else if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) n = Number(v);
    else throw invalidParams('block number must be a non-negative integer or hex string');
    return chain.hashByNumber(n) ?? null;
  };
  r.method(['chain_getBlockHash', 'chain_getHead'], params => {
    const p = params[0];
    return Array.isArray(p) ? p.map(hashFor) : hashFor(p);
  }, ['blockNumber']);
  r.method('chain_getHeader', params => {
    const h = optHashArg(params[0]);
    const b = h ? chain.blockByHash(h) : chain.head;
    return b ? headerJson(b.header) : null;
  }, ['hash']);
  r.method('chain_getBlock', params => {
    const h = optHashArg(params[0]);
    const b = h ? chain.blockByHash(h) : chain.head;
    return b ? blockJson(b) : null;
  }, ['hash']);
  r.method(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => chain.finalized.hash);

  r.subscription(['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'], {
    notification: 'chain_newHead',
    unsubscribe: ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'],
    start: (_p, sink) => {
      sink.send(headerJson(chain.head.header));
      return both(chain.onBlock(b => sink.send(headerJson(b.block.header))), chain.onRewind(h => sink.send(headerJson(h.header))));
    },
  });
  r.subscription('chain_subscribeAllHeads', {
    notification: 'chain_allHead',
    unsubscribe: ['chain_unsubscribeAllHeads'],
    start: (_p, sink) => {
      sink.send(headerJson(chain.head.header));
      return both(chain.onBlock(b => sink.send(headerJson(b.block.header))), chain.onRewind(h => sink.send(headerJson(h.header))));
    },
  });
  r.subscription(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], {
    notification: 'chain_finalizedHead',
    unsubscribe: ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'],
    start: (_p, sink) => {
      sink.send(headerJson(chain.finalized.header));
      let last = chain.finalized.hash;
      const send = (h: { hash: string; header: Parameters<typeof headerJson>[0] }) => { if (h.hash !== last) { last = h.hash; sink.send(headerJson(h.header)); } };
      return both(chain.onFinalized(send), chain.onRewind(() => send(chain.finalized)));
    },
  });
}

/** Heads also move back (dev_setHead, dev_revert): subscribers hear the earlier head as the new one. */
function both(a: () => void, b: () => void): () => void {
  return () => { a(); b(); };
}
