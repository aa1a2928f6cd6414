// chainSpec_v1_*: the chain specification's name, genesis hash and properties (new JSON-RPC spec).
import type { RpcContext } from './context.ts';

export function registerChainSpec(ctx: RpcContext): void {
  const { registry: r, chain, info } = ctx;
  r.method('chainSpec_v1_chainName', () => info.chainName);
  r.method('chainSpec_v1_genesisHash', () => chain.genesisHash);
  r.method('chainSpec_v1_properties', () => info.properties);
}
