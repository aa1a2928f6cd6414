// system_* (and account_nextIndex): node identity, health, and the next usable nonce (chain nonce, then past every
// nonce the pool already holds for the account, as Substrate's pool-aware nonce does).
import { Writer, toHex } from '../../runtime/codec/scale.ts';
import { type RpcContext, accountArg, guarded } from './context.ts';

export function registerSystem(ctx: RpcContext): void {
  const { registry: r, chain, pool, info } = ctx;
  r.method('system_name', () => info.name);
  r.method('system_version', () => info.version);
  r.method('system_chain', () => info.chainName);
  r.method('system_chainType', () => info.chainType);
  r.method('system_properties', () => info.properties);
  r.method('system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }));
  r.method('system_peers', () => []);
  r.method('system_localPeerId', () => '12D3KooWSubtensorTsLocalDevNode1111111111111111111');
  r.method('system_localListenAddresses', () => []);
  r.method('system_nodeRoles', () => ['Authority']);
  r.method('system_reservedPeers', () => []);
  r.method('system_syncState', () => ({ startingBlock: 0, currentBlock: chain.head.number, highestBlock: chain.head.number }));
  r.method(['system_accountNextIndex', 'account_nextIndex'], params => {
    const who = accountArg(params[0]);
    const out = guarded(() => chain.call('AccountNonceApi_account_nonce', who));
    let nonce = new DataView(out.buffer, out.byteOffset, out.byteLength).getUint32(0, true);
    // frame_system's CheckNonce provides the tag (who, nonce).encode().
    while (pool.providesTag(toHex(new Writer(36).raw(who).u32(nonce).finish()))) nonce++;
    return nonce;
  }, ['accountId']);
}
