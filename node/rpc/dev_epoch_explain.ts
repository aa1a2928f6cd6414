// dev_epochExplain(netuid, overrides?, at?): a subnet's epoch as the next block would run it, on a state that is not
// kept, with every intermediate vector (EpochExplainApi in the runtime). JSON answer:
//   { netuid, block, simulatedBlock, uids, hotkeys (SS58), parameters: { name: number },
//     inputs | intermediates | outputs: { name: number[] | string[] | boolean[] | rows } }
// Units: booleans as true/false, u16 as numbers (as stored), u64 (rao, blocks) as decimal strings, I32F32 as numbers
// (raw / 2^32); matrices as sparse rows [[uid, value], …] per uid.
// overrides: { weights?: { uid: [[uid, u16], …] }, alphaStake?: { uid: rao }, rootStake?: { uid: rao },
//              hyperparameters?: { kappa, bondsPenalty, bondsMovingAverage, yuma3, liquidAlpha, alphaLow, alphaHigh,
//              alphaSigmoidSteepness, maxAllowedValidators, activityCutoff, stakeThreshold, commitRevealEnabled,
//              taoWeight, emission } }
import { encodeAddress } from '@polkadot/util-crypto';
import * as t from '../../runtime/codec/types.ts';
import { Writer } from '../../runtime/codec/scale.ts';
import {
  EpochExplanation, EpochOverrides, type EpochExplanationValue, type EpochOverridesValue,
} from '../../runtime/pallets/subtensor/rpc_info/epoch_explain_codec.ts';
import { type RpcContext, guarded, optHashArg, u32Arg } from './context.ts';
import { invalidParams } from './server.ts';

const HYPERPARAMETERS: Record<string, 'u16' | 'u64' | 'bool' | 'i16'> = {
  kappa: 'u16', bondsPenalty: 'u16', bondsMovingAverage: 'u64', yuma3: 'bool', liquidAlpha: 'bool', alphaLow: 'u16',
  alphaHigh: 'u16', alphaSigmoidSteepness: 'i16', maxAllowedValidators: 'u16', activityCutoff: 'u64',
  stakeThreshold: 'u64', commitRevealEnabled: 'bool', taoWeight: 'u64', emission: 'u64',
};

function intIn(v: unknown, what: string, min: bigint, max: bigint): bigint {
  let x: bigint;
  try {
    if (typeof v === 'number' && Number.isInteger(v)) x = BigInt(v);
    else if (typeof v === 'string' && /^-?\d+$/.test(v)) x = BigInt(v);
    else throw new Error();
  } catch { throw invalidParams(`${what} must be an integer`); }
  if (x < min || x > max) throw invalidParams(`${what} must be between ${min} and ${max}`);
  return x;
}
const uidOf = (k: string, what: string) => Number(intIn(k, `${what} uid`, 0n, 0xffffn));
const U64 = (1n << 64n) - 1n;

function entriesOf(v: unknown, what: string): [string, unknown][] {
  if (v === undefined) return [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalidParams(`${what} must be an object keyed by uid`);
  return Object.entries(v as Record<string, unknown>);
}

export function parseOverrides(v: unknown): EpochOverridesValue | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParams('overrides must be an object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['weights', 'alphaStake', 'rootStake', 'hyperparameters'].includes(k)) throw invalidParams(`unknown override "${k}" (weights, alphaStake, rootStake, hyperparameters)`);
  }
  const out: any = {
    weights: entriesOf(o.weights, 'weights').map(([uid, row]) => {
      if (!Array.isArray(row)) throw invalidParams(`weights of uid ${uid} must be [[uid, u16 weight], …]`);
      return [uidOf(uid, 'weights'), row.map(p => {
        if (!Array.isArray(p) || p.length !== 2) throw invalidParams(`weights of uid ${uid} must be [[uid, u16 weight], …]`);
        return [Number(intIn(p[0], 'weights uid', 0n, 0xffffn)), Number(intIn(p[1], 'weight', 0n, 0xffffn))];
      })];
    }),
    alphaStake: entriesOf(o.alphaStake, 'alphaStake').map(([uid, x]) => [uidOf(uid, 'alphaStake'), intIn(x, 'alphaStake', 0n, U64)]),
    rootStake: entriesOf(o.rootStake, 'rootStake').map(([uid, x]) => [uidOf(uid, 'rootStake'), intIn(x, 'rootStake', 0n, U64)]),
  };
  for (const k of Object.keys(HYPERPARAMETERS)) out[k] = null;
  for (const [k, x] of entriesOf(o.hyperparameters, 'hyperparameters')) {
    const kind = HYPERPARAMETERS[k];
    if (!kind) throw invalidParams(`unknown hyperparameter "${k}" (${Object.keys(HYPERPARAMETERS).join(', ')})`);
    if (kind === 'bool') {
      if (typeof x !== 'boolean') throw invalidParams(`${k} must be true or false`);
      out[k] = x;
    } else if (kind === 'u16') out[k] = Number(intIn(x, k, 0n, 0xffffn));
    else if (kind === 'i16') out[k] = Number(intIn(x, k, -0x8000n, 0x7fffn));
    else out[k] = intIn(x, k, 0n, U64);
  }
  return out as EpochOverridesValue;
}

const FIXED_ONE = 2 ** 32;
function jsonValue(unit: string, v: bigint): number | string | boolean {
  switch (unit) {
    case 'bool': return v !== 0n;
    case 'u16': return Number(v);
    case 'I32F32': return Number(v) / FIXED_ONE;
    default: return v.toString();
  }
}

type Vectors = { name: string; unit: string; values: bigint[] }[];
type Matrices = { name: string; unit: string; rows: [number, bigint][][] }[];
function section(vectors: Vectors, matrices: Matrices): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of vectors) out[v.name] = v.values.map(x => jsonValue(v.unit, x));
  for (const m of matrices) out[m.name] = m.rows.map(r => r.map(([j, x]) => [j, jsonValue(m.unit, x)]));
  return out;
}

export function explanationJson(e: EpochExplanationValue, ss58Format: number) {
  return {
    netuid: e.netuid,
    block: Number(e.block),
    simulatedBlock: e.simulatedBlock,
    uids: e.hotkeys.map((_, uid) => uid),
    hotkeys: e.hotkeys.map(h => encodeAddress(h, ss58Format)),
    parameters: Object.fromEntries(e.parameters.map(([k, v]) => [k, k === 'yuma3' || k === 'liquidAlpha' || k === 'commitRevealEnabled' ? v !== 0n : (v > BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : Number(v))])),
    inputs: section(e.inputs, e.inputMatrices),
    intermediates: section(e.intermediates, e.intermediateMatrices),
    outputs: section(e.outputs, e.outputMatrices),
  };
}

export function registerEpochExplain(ctx: RpcContext, add: (name: string, fn: (p: unknown[]) => unknown, names?: string[]) => void): void {
  add('dev_epochExplain', params => {
    const netuid = u32Arg(params[0], 'netuid');
    if (netuid > 0xffff) throw invalidParams('netuid must be a u16');
    const overrides = parseOverrides(params[1]);
    const at = optHashArg(params[2]);
    const w = new Writer();
    w.u16(netuid);
    t.option(EpochOverrides).encodeTo(w, overrides);
    const out = guarded(() => ctx.chain.call('EpochExplainApi_explain_epoch', w.finish(), at));
    const e = t.decode(t.option(EpochExplanation), out);
    if (e === null) throw invalidParams(netuid === 0 ? 'subnet 0 (root) has no Yuma epoch' : `subnet ${netuid} does not exist`);
    return explanationJson(e, ctx.info.properties.ss58Format);
  }, ['netuid', 'overrides', 'at']);
}
