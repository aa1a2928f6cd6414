// rpc_methods: every method this node serves (subtensor's custom namespaces and dev_* included): @polkadot/api
// decorates a user-defined RPC only when rpc_methods lists it.
import type { RpcContext } from './context.ts';

export function registerRpc(ctx: RpcContext): void {
  ctx.registry.method('rpc_methods', () => ({
    version: 1,
    methods: ctx.registry.names(),
  }));
}
