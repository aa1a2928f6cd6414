// dev_*: test-chain controls, named as chopsticks names them where it has them.
//   dev_newBlock({ count?, to?, transactions? })  → hash of the last block built
//   dev_setBlockBuildMode('Interval'|'Batch'|'Instant'|'Manual') → null
//   dev_setStorage([[key, value|null], ...])        → head hash (edits the head state in place)
//   dev_timeTravel(ms | ISO date)                   → the timestamp the next block will carry
//   dev_setFinality('instant' | n)                  → null
//   dev_finalize(hash?)                             → finalized hash
//   dev_runEpoch(netuid | netuid[]?)                → hash of the last block built; runs the subnets' epochs now
//   dev_epochExplain(netuid, overrides?, at?)       → the next epoch with its intermediates, nothing written
//   dev_snapshot()                                  → id ("0x1"): head and pool, kept in the database (anvil)
//   dev_revert(id)                                  → true, with head, state and pool as at the snapshot; it and
//                                                     later snapshots are gone. false for an unknown id (anvil)
//   dev_setHead(hash | number)                      → the new head hash: an earlier block becomes the head, later
//                                                     blocks leave the chain (a negative number counts back from
//                                                     the head, as in Chopsticks)
import { parseBlockMode } from '../producer.ts';
import { toHex } from '../../runtime/codec/scale.ts';
import { storagePrefix } from '../../runtime/crypto/hashing.ts';
import { type RpcContext, hexArg, keyArg, optHashArg, u32Arg } from './context.ts';
import { invalidParams, RpcError } from './server.ts';
import { registerEpochExplain } from './dev_epoch_explain.ts';
import { DevSnapshots } from '../dev_snapshots.ts';

/** Bounds on dev method arguments: a request must get a prompt answer, not hours of block building. */
export const MAX_DEV_BLOCKS = 10_000;
/** Largest timestamp dev_timeTravel accepts: JavaScript's latest Date (year 275760), ms. */
export const MAX_TIMESTAMP_MS = 8.64e15;
export const MAX_SET_STORAGE_ENTRIES = 100_000;

export function registerDev(ctx: RpcContext): void {
  const { registry: r, chain, pool, producer } = ctx;
  const add = (name: string, fn: (p: unknown[]) => unknown, names?: string[]) => r.method(name, fn, names);

  const build = async (count: number, until?: () => boolean) => {
    try {
      await producer.newBlocksYielding(count, until);
    } catch (e) {
      throw new RpcError(-32603, `block production failed: ${(e as Error).message}`);
    }
    if (producer.isStopped) throw new RpcError(-32603, 'the node is shutting down');
  };

  add('dev_newBlock', async params => {
    const opts = (params[0] ?? {}) as { count?: unknown; to?: unknown; transactions?: unknown };
    if (typeof opts !== 'object' || Array.isArray(opts)) throw invalidParams('expected { count?, to?, transactions? }');
    let count = opts.count === undefined ? 1 : u32Arg(opts.count, 'count');
    if (opts.to !== undefined) count = Math.max(0, u32Arg(opts.to, 'to') - chain.head.number);
    if (count > MAX_DEV_BLOCKS) throw invalidParams(`at most ${MAX_DEV_BLOCKS} blocks per call (asked for ${count})`);
    if (opts.transactions !== undefined) {
      if (!Array.isArray(opts.transactions)) throw invalidParams('transactions must be an array of hex extrinsics');
      for (const t of opts.transactions) pool.submit(hexArg(t, 'transaction'));
    }
    await build(count);
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
    if (values.length > MAX_SET_STORAGE_ENTRIES) throw invalidParams(`at most ${MAX_SET_STORAGE_ENTRIES} entries per call`);
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
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIMESTAMP_MS) throw invalidParams(`expected a timestamp in ms (0 to ${MAX_TIMESTAMP_MS}) or a date string`);
    chain.timeTravel(BigInt(Math.floor(ms)));
    return Math.floor(ms);
  }, ['date']);
  add('dev_setFinality', params => {
    const v = params[0];
    if (v === 'instant') chain.finality = 'instant';
    else chain.finality = u32Arg(v, 'finality lag');
    return null;
  }, ['finality']);
  // Like subtensor's owner call trigger_epoch, but due in the very next block: SubtensorModule.PendingEpochAt is
  // set to head + 1 and blocks are built until every requested epoch has run (MaxEpochsPerBlock may defer some).
  // Only the public storage layout is used, as dev_setStorage would.
  add('dev_runEpoch', async params => {
    const arg = params[0];
    const requested = arg === undefined || arg === null ? subnetsWithEpochs(chain.headState) : (Array.isArray(arg) ? arg : [arg]).map(v => {
      const n = u32Arg(v, 'netuid');
      if (n > 0xffff) throw invalidParams('netuid must be a u16');
      return n;
    });
    for (const n of requested) {
      if (chain.headState.get(netuidKey('NetworksAdded', n))?.[0] !== 1) throw invalidParams(`subnet ${n} does not exist`);
    }
    const due = u64le(BigInt(chain.head.number + 1));
    const startHead = chain.head.hash;
    chain.setStorage(requested.map(n => [netuidKey('PendingEpochAt', n), due]));
    await build(requested.length + 1, () => chain.head.number > 0 && requested.every(n => isZero(chain.headState.get(netuidKey('PendingEpochAt', n)))) && chain.head.hash !== startHead);
    return chain.head.hash;
  }, ['netuids']);
  add('dev_finalize', params => {
    const h = optHashArg(params[0]) ?? chain.head.hash;
    try { chain.finalize(h); } catch (e) { throw invalidParams((e as Error).message); }
    return chain.finalized.hash;
  }, ['hash']);
  registerEpochExplain(ctx, add);

  const snapshots = new DevSnapshots(chain, pool);
  add('dev_snapshot', () => '0x' + snapshots.take().toString(16));
  add('dev_revert', params => {
    const v = params[0];
    let id: number;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) id = v;
    else if (typeof v === 'string' && /^(0x[0-9a-fA-F]{1,13}|[0-9]{1,15})$/.test(v)) id = Number(v);
    else throw invalidParams('expected a snapshot id (as dev_snapshot returned it)');
    return snapshots.revert(id);
  }, ['id']);
  add('dev_setHead', params => {
    const v = params[0];
    let target;
    if (typeof v === 'string' && v.length === 66) {
      target = chain.blockByHash(toHex(hexArg(v, 'block hash', 32)));
      if (!target) throw invalidParams(`block ${v} is not on the chain`);
    } else {
      const n = typeof v === 'number' && Number.isInteger(v) && v < 0 ? chain.head.number + v : u32Arg(v, 'block hash or number');
      if (n < 0 || n > chain.head.number) throw invalidParams(`no block #${n} (the head is #${chain.head.number}; only earlier blocks can become the head)`);
      target = chain.resolve(chain.hashByNumber(n)!);
    }
    snapshots.setHead(target);
    return chain.head.hash;
  }, ['hashOrNumber']);
}

/** Key of a SubtensorModule map keyed by NetUid with the Identity hasher. */
function netuidKey(item: string, netuid: number): string {
  return toHex(storagePrefix('SubtensorModule', item)) + Buffer.from([netuid & 0xff, netuid >> 8]).toString('hex');
}

/** Every non-root subnet (NetworksAdded = true): root has no Yuma epoch. */
function subnetsWithEpochs(state: { keysWithPrefix(p: string): string[]; get(k: string): Uint8Array | undefined }): number[] {
  const prefix = toHex(storagePrefix('SubtensorModule', 'NetworksAdded'));
  return state.keysWithPrefix(prefix)
    .filter(k => state.get(k)?.[0] === 1)
    .map(k => { const b = Buffer.from(k.slice(prefix.length), 'hex'); return b[0] | (b[1] << 8); })
    .filter(n => n !== 0);
}

function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

const isZero = (b: Uint8Array | undefined) => b === undefined || b.every(x => x === 0);
