// dev_*: test-chain controls, named as chopsticks names them where it has them.
//   dev_newBlock({ count?, to?, transactions? })  → hash of the last block built
//   dev_setBlockBuildMode('Interval'|'Batch'|'Instant'|'Manual') → null
//   dev_setStorage([[key, value|null], ...])        → head hash (edits the head state in place)
//   dev_timeTravel(ms | ISO date)                   → the timestamp the next block will carry
//   dev_setFinality('instant' | n)                  → null
//   dev_finalize(hash?)                             → finalized hash
import { parseBlockMode } from '../producer.ts';
import { type RpcContext, hexArg, keyArg, optHashArg, u32Arg } from './context.ts';
import { invalidParams, RpcError } from './server.ts';

export function registerDev(ctx: RpcContext): void {
  const { registry: r, chain, pool, producer } = ctx;
  const add = (name: string, fn: (p: unknown[]) => unknown, names?: string[]) => { r.method(name, fn, names); ctx.hidden.add(name); };

  add('dev_newBlock', params => {
    const opts = (params[0] ?? {}) as { count?: unknown; to?: unknown; transactions?: unknown };
    if (typeof opts !== 'object') throw invalidParams('expected { count?, to?, transactions? }');
    if (opts.transactions !== undefined) {
      if (!Array.isArray(opts.transactions)) throw invalidParams('transactions must be an array of hex extrinsics');
      for (const t of opts.transactions) pool.submit(hexArg(t, 'transaction'));
    }
    let count = opts.count === undefined ? 1 : u32Arg(opts.count, 'count');
    if (opts.to !== undefined) count = Math.max(0, u32Arg(opts.to, 'to') - chain.head.number);
    try {
      producer.newBlocks(count);
    } catch (e) {
      throw new RpcError(-32603, `block production failed: ${(e as Error).message}`);
    }
    return chain.head.hash;
  }, ['params']);
  add('dev_setBlockBuildMode', params => {
    try { producer.setMode(parseBlockMode(params[0])); } catch (e) { throw invalidParams((e as Error).message); }
    return null;
  }, ['mode']);
  add('dev_setStorage', params => {
    const values = params[0];
    if (optHashArg(params[1]) && optHashArg(params[1]) !== chain.head.hash) throw invalidParams('only the head block can be edited');
    if (!Array.isArray(values)) throw invalidParams('expected [[key, value|null], ...]');
    const entries: [string, Uint8Array | null][] = values.map(e => {
      if (!Array.isArray(e) || e.length !== 2) throw invalidParams('each entry must be [key, value|null]');
      return [keyArg(e[0]), e[1] === null ? null : hexArg(e[1], 'value')];
    });
    chain.setStorage(entries);
    return chain.head.hash;
  }, ['values', 'blockHash']);
  add('dev_timeTravel', params => {
    const v = params[0];
    const ms = typeof v === 'number' ? v : typeof v === 'string' ? (/^\d+$/.test(v) ? Number(v) : Date.parse(v)) : NaN;
    if (!Number.isFinite(ms) || ms < 0) throw invalidParams('expected a timestamp in ms or a date string');
    chain.timeTravel(BigInt(Math.floor(ms)));
    return Math.floor(ms);
  }, ['date']);
  add('dev_setFinality', params => {
    const v = params[0];
    if (v === 'instant') chain.finality = 'instant';
    else chain.finality = u32Arg(v, 'finality lag');
    return null;
  }, ['finality']);
  add('dev_finalize', params => {
    const h = optHashArg(params[0]) ?? chain.head.hash;
    try { chain.finalize(h); } catch (e) { throw invalidParams((e as Error).message); }
    return chain.finalized.hash;
  }, ['hash']);
}
