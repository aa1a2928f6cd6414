// rpc_methods: every method this node serves, except the ones kept out of the list on purpose (see RpcContext.hidden).
import type { RpcContext } from './context.ts';

export function registerRpc(ctx: RpcContext): void {
  ctx.registry.method('rpc_methods', () => ({
    version: 1,
    methods: ctx.registry.names().filter(n => !ctx.hidden.has(n)),
  }));
}
