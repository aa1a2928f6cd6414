// Chain spec files as Substrate writes and reads them (`build-spec`, `--chain`): a raw spec carries the genesis
// storage itself (`genesis.raw.top`, `genesis.raw.childrenDefault`), from which the genesis block follows; a plain
// spec carries the genesis configuration. Plain specs written here hold this node's configuration
// (`genesis.runtimeGenesis.patch`: endowed accounts, sudo, authorities, drand beacon), so they round-trip.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { MemoryState } from '../runtime/frame/state.ts';
import { Trie } from '../runtime/frame/trie/trie.ts';
import { toHex, fromHex } from '../runtime/codec/scale.ts';
import type { GenesisConfig } from '../runtime/index.ts';
import type { NodeInfo } from './rpc/context.ts';
import type { NodeRuntime } from './chain.ts';
import { devBeaconConfig } from './drand.ts';

/** sp_core::storage::well_known_keys::DEFAULT_CHILD_STORAGE_KEY_PREFIX: a default child trie's root lives in the
 *  main trie under this prefix ++ the child's storage key. */
export const DEFAULT_CHILD_STORAGE_KEY_PREFIX = toHex(new TextEncoder().encode(':child_storage:default:'));

/** The configuration a plain spec of this node carries. */
export interface PlainGenesis {
  balances: [string, string][];
  sudoKey: string | null;
  auraAuthorities: string[];
  grandpaAuthorities: string[];
  /** Whose key Drand.BeaconConfig holds: the built-in dev beacon, or quicknet (the runtime's default). */
  drandBeacon: 'dev' | 'quicknet';
}

export interface LoadedChainSpec {
  name: string;
  id: string;
  chainType: string;
  /** As the spec has them (served as system_properties / chainSpec_v1_properties). */
  properties: NodeInfo['properties'];
  genesis: { kind: 'raw'; state: MemoryState } | { kind: 'plain'; config: PlainGenesis };
}

export class ChainSpecError extends Error {}

const isHex = (v: unknown): v is string => typeof v === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(v);

/** Reads a chain spec file (JSON, or gzip-compressed JSON). */
export function readChainSpec(file: string): LoadedChainSpec {
  let bytes: Buffer;
  try { bytes = fs.readFileSync(file); } catch (e) { throw new ChainSpecError(`cannot read chain spec ${file}: ${(e as Error).message}`); }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  let json: any;
  try { json = JSON.parse(bytes.toString('utf8')); } catch (e) { throw new ChainSpecError(`${file} is not JSON: ${(e as Error).message}`); }
  return parseChainSpec(json, file);
}

export function parseChainSpec(json: any, file = 'chain spec'): LoadedChainSpec {
  if (typeof json !== 'object' || json === null || typeof json.genesis !== 'object' || json.genesis === null) {
    throw new ChainSpecError(`${file}: no "genesis" object (not a chain spec)`);
  }
  const head = {
    name: typeof json.name === 'string' ? json.name : 'Unnamed',
    id: typeof json.id === 'string' ? json.id : 'unnamed',
    chainType: typeof json.chainType === 'string' ? json.chainType : 'Live',
    properties: (typeof json.properties === 'object' && json.properties !== null ? json.properties : {}) as NodeInfo['properties'],
  };
  const g = json.genesis;
  if (g.raw) return { ...head, genesis: { kind: 'raw', state: rawGenesisState(g.raw, file) } };
  const patch = g.runtimeGenesis?.patch ?? g.runtimeGenesis?.config;
  if (patch && isPlainGenesis(patch)) return { ...head, genesis: { kind: 'plain', config: patch } };
  throw new ChainSpecError(`${file}: the genesis is neither raw storage ("genesis.raw") nor a subtensor-ts plain configuration; `
    + 'convert another node\'s plain spec with that node\'s `build-spec --chain <spec> --raw` first');
}

function isPlainGenesis(p: any): p is PlainGenesis {
  return Array.isArray(p.balances) && p.balances.every((b: any) => Array.isArray(b) && isHex(b[0]) && /^\d+$/.test(String(b[1])))
    && (p.sudoKey === null || isHex(p.sudoKey))
    && Array.isArray(p.auraAuthorities) && p.auraAuthorities.every(isHex)
    && Array.isArray(p.grandpaAuthorities) && p.grandpaAuthorities.every(isHex)
    && (p.drandBeacon === 'dev' || p.drandBeacon === 'quicknet');
}

/** The genesis storage of a raw spec: `top`, plus each default child trie's root under its prefixed key (as
 *  Substrate builds the genesis state). Child tries' own entries are not kept: no pallet of this runtime reads one. */
export function rawGenesisState(raw: any, file = 'chain spec'): MemoryState {
  const state = new MemoryState();
  if (typeof raw.top !== 'object' || raw.top === null) throw new ChainSpecError(`${file}: genesis.raw.top is missing`);
  for (const [k, v] of Object.entries(raw.top)) {
    if (!isHex(k) || !isHex(v)) throw new ChainSpecError(`${file}: genesis.raw.top has a key or value that is not hex: ${k.slice(0, 80)}`);
    state.set(k.toLowerCase(), fromHex(v));
  }
  for (const [childKey, entries] of Object.entries<any>(raw.childrenDefault ?? {})) {
    if (!isHex(childKey) || typeof entries !== 'object' || entries === null) throw new ChainSpecError(`${file}: bad childrenDefault entry ${childKey.slice(0, 80)}`);
    const child = Trie.fromEntries(Object.entries<string>(entries).map(([k, v]) => [k.toLowerCase(), fromHex(v)] as const), 1);
    if (child.root !== null) state.set(DEFAULT_CHILD_STORAGE_KEY_PREFIX + childKey.slice(2).toLowerCase(), child.rootHash());
  }
  return state;
}

function specHead(info: NodeInfo) {
  return {
    name: info.chainName, id: 'bittensor', chainType: info.chainType, bootNodes: [], telemetryEndpoints: null,
    protocolId: 'bittensor', properties: info.properties, forkBlocks: null, badBlocks: [], codeSubstitutes: {},
  };
}

/** A raw spec of `genesis` (keys in order, as Substrate writes them). */
export function rawChainSpec(info: NodeInfo, genesis: MemoryState): object {
  const top: Record<string, string> = {};
  for (const [k, v] of genesis.entries()) top[k] = toHex(v);
  return { ...specHead(info), genesis: { raw: { top, childrenDefault: {} } } };
}

/** A plain spec: the genesis configuration, and the `:code` placeholder this runtime stores. */
export function plainChainSpec(info: NodeInfo, config: PlainGenesis, code: Uint8Array): object {
  return { ...specHead(info), genesis: { runtimeGenesis: { code: toHex(code), patch: config } } };
}

/** The runtime genesis configuration a plain spec stands for. */
export function genesisConfigOfPlain(p: PlainGenesis): Partial<GenesisConfig> {
  return {
    balances: p.balances.map(([who, amount]) => [fromHex(who), BigInt(amount)]),
    sudoKey: p.sudoKey === null ? null : fromHex(p.sudoKey),
    auraAuthorities: p.auraAuthorities.map(fromHex),
    grandpaAuthorities: p.grandpaAuthorities.map(fromHex),
    ...(p.drandBeacon === 'dev' ? { drandBeaconConfig: devBeaconConfig() } : {}),
  };
}

/** This node's localnet genesis as a plain configuration. */
async function localnetPlainGenesis(drandBeacon: PlainGenesis['drandBeacon']): Promise<PlainGenesis> {
  const c = (await import('../runtime/index.ts')).localnetGenesisConfig();
  return {
    balances: c.balances.map(([who, amount]) => [toHex(who), amount.toString()]),
    sudoKey: c.sudoKey === null ? null : toHex(c.sudoKey),
    auraAuthorities: c.auraAuthorities.map(toHex),
    grandpaAuthorities: c.grandpaAuthorities.map(toHex),
    drandBeacon,
  };
}

/**
 * `build-spec`: the localnet spec (plain, or raw with the genesis storage `runtime` builds from it), or, with a
 * `from` spec, that spec converted: a plain one to raw; a raw one is written back unchanged.
 */
export async function buildChainSpec(runtime: NodeRuntime, info: NodeInfo, opts: { raw: boolean; drandBeacon: PlainGenesis['drandBeacon']; from?: string }): Promise<object> {
  const { CODE_PLACEHOLDER } = await import('../runtime/index.ts');
  if (opts.from !== undefined) {
    let bytes = fs.readFileSync(opts.from);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
    const json = JSON.parse(bytes.toString('utf8'));
    const spec = parseChainSpec(json, opts.from);
    if (spec.genesis.kind === 'raw') {
      if (!opts.raw) throw new ChainSpecError(`${opts.from} is a raw spec: its genesis configuration is not known, only its storage (use --raw)`);
      return json;
    }
    const specInfo: NodeInfo = { ...info, chainName: spec.name, chainType: spec.chainType, properties: spec.properties };
    return opts.raw ? rawChainSpec(specInfo, runtime.genesisState(genesisConfigOfPlain(spec.genesis.config)))
      : plainChainSpec(specInfo, spec.genesis.config, CODE_PLACEHOLDER);
  }
  const plain = await localnetPlainGenesis(opts.drandBeacon);
  return opts.raw ? rawChainSpec(info, runtime.genesisState(genesisConfigOfPlain(plain))) : plainChainSpec(info, plain, CODE_PLACEHOLDER);
}
