// The node-facing surface of the runtime: its version, runtime API calls (SCALE in, SCALE out, against the
// overlay the node provides) and the genesis state. Mirrors how a Substrate client drives its WASM runtime.
//
// Before executing anything, await `initCrypto()` (crypto/hashing.ts) once: signature checks use the WASM
// sr25519/ed25519/secp256k1 verifiers.
import type { RuntimeConfig } from './config.ts';
import { configureRuntime } from './config.ts';
import { ApiRouter } from './frame/runtime_api.ts';
import type { OverlayState, MemoryState } from './frame/state.ts';
import type { RuntimeVersionValue } from './pallets/system/types.ts';
import { runtime, apis } from './runtime.ts';
import { runtimeVersion } from './version.ts';
import { buildGenesisState, type GenesisConfig } from './genesis.ts';
import { stateRootBytes, type ReadableState } from './frame/state.ts';
import { hashHeader, type HeaderValue } from './frame/header.ts';
import { extrinsicsRoot } from './executive.ts';
import { storageLayoutProblems } from './frame/layout.ts';

export interface Runtime {
  version: RuntimeVersionValue;
  /** Runtime API call: SCALE in → SCALE out, executed against `state` (writes stay in that overlay). */
  call(method: string, args: Uint8Array, state: OverlayState): Uint8Array;
  /** Genesis storage (localnet accounts, sudo Alice, subtensor genesis, :code placeholder). */
  genesisState(config?: Partial<GenesisConfig>): MemoryState;
  /** Whether `method` (`Api_method`) exists. */
  has(method: string): boolean;
  /** The items of `state` (e.g. a chain spec's genesis) that do not fit this runtime's storage layout. */
  storageLayoutProblems(state: ReadableState): string[];
}

/** The runtime. The config is process-wide (like cargo features), so one process runs one configuration. */
export function createRuntime(config: Partial<RuntimeConfig> = {}): Runtime {
  configureRuntime(config);
  const router = new ApiRouter(apis);
  return {
    version: runtimeVersion(),
    call: (method, args, state) => router.call(method, args, state),
    genesisState: (genesis = {}) => buildGenesisState(runtime, genesis),
    has: method => router.has(method),
    storageLayoutProblems: state => storageLayoutProblems(runtime, state),
  };
}

/** The genesis block's header: number 0, zero parent, the genesis state root, the root of no extrinsics. */
export function genesisHeader(genesis: ReadableState): HeaderValue {
  return { parentHash: new Uint8Array(32), number: 0, stateRoot: stateRootBytes(genesis), extrinsicsRoot: extrinsicsRoot([]), digest: { logs: [] } };
}

/** The genesis hash (what CheckGenesis signs and BlockHash[0] holds from block 1 on). */
export function genesisHash(genesis: ReadableState): Uint8Array {
  return hashHeader(genesisHeader(genesis));
}

export { initCrypto } from './crypto/hashing.ts';
export { Header, hashHeader, DigestItem, AURA_ENGINE_ID, type HeaderValue } from './frame/header.ts';
export { extrinsicsRoot } from './executive.ts';
export { runtime as composedRuntime, apis as runtimeApis } from './runtime.ts';
export type { GenesisConfig } from './genesis.ts';
export { localnetGenesisConfig, CODE_PLACEHOLDER, DEV_SR25519, DEV_ED25519 } from './genesis.ts';
export type { RuntimeVersionValue } from './pallets/system/types.ts';
