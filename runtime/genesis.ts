// Localnet genesis (subtensor node/src/chain_spec/localnet.rs, chain `dev`): Alice/Bob/Charlie 1e15 rao,
// Dave/Eve/Ferdie/One/Two/Three 2e12 rao, sudo Alice, Aura //One (sr25519), Grandpa //One (ed25519). Each pallet's
// `genesis` hook then writes its part, in pallet index order, with the whole config (SubtensorModule reads its own
// options from it).
import { fromHex } from './codec/scale.ts';
import { MemoryState, OverlayState } from './frame/state.ts';
import { withState, state } from './frame/externalities.ts';
import type { ComposedRuntime } from './frame/construct.ts';
import type { AccountId } from './primitives.ts';
import { CODE_KEY } from './pallets/system/index.ts';

/** sr25519 public keys of the well-known development accounts (//Alice ...), as @polkadot/keyring derives them. */
export const DEV_SR25519: Record<string, Uint8Array> = {
  Alice: fromHex('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'),
  Bob: fromHex('0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48'),
  Charlie: fromHex('0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22'),
  Dave: fromHex('0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20'),
  Eve: fromHex('0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e'),
  Ferdie: fromHex('0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c'),
  One: fromHex('0xac859f8a216eeb1b320b4c76d118da3d7407fa523484d0a980126d3b4d0d220a'),
  Two: fromHex('0x1254f7017f0b8347ce7ab14f96d818802e7e9e0c0d1b7c9acb3c726b080e7a03'),
  Three: fromHex('0x9026941b7aa2328a8c5ea4e25bb747a2bf92a066fae0cc3722faf58cf44d3502'),
};
/** ed25519 public keys of the same URIs (Grandpa authorities). */
export const DEV_ED25519: Record<string, Uint8Array> = {
  Alice: fromHex('0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee'),
  One: fromHex('0x16f97016bbea8f7b45ae6757b49efc1080accc175d8f018f9ba719b60b0815e4'),
  Two: fromHex('0x5079bcd20fd97d7d2f752c4607012600b401950260a91821f73e692071c82bf5'),
  Three: fromHex('0xecccf9cddf1b329b7c6554e78b0a34ba760de390e351b0ee450a42955fb18470'),
};

export interface GenesisConfig {
  /** Endowed accounts (each at least the existential deposit). */
  balances: [AccountId, bigint][];
  sudoKey: AccountId | null;
  auraAuthorities: Uint8Array[];
  grandpaAuthorities: Uint8Array[];
  /** Bytes stored under `:code` (a placeholder: this runtime is TypeScript, not WASM). */
  code: Uint8Array;
  /** Further options for other pallets' genesis hooks (e.g. SubtensorModule). */
  [option: string]: any;
}

export const CODE_PLACEHOLDER = new TextEncoder().encode('subtensor-ts:node-subtensor:425');

export function localnetGenesisConfig(): GenesisConfig {
  const big = 1_000_000_000_000_000n;
  const small = 2_000_000_000_000n;
  return {
    balances: [
      ...['Alice', 'Bob', 'Charlie'].map((n): [AccountId, bigint] => [DEV_SR25519[n], big]),
      ...['Dave', 'Eve', 'Ferdie', 'One', 'Two', 'Three'].map((n): [AccountId, bigint] => [DEV_SR25519[n], small]),
    ],
    sudoKey: DEV_SR25519.Alice,
    auraAuthorities: [DEV_SR25519.One],
    grandpaAuthorities: [DEV_ED25519.One],
    code: CODE_PLACEHOLDER,
  };
}

/** Builds the genesis state of `runtime` from `config` (merged over the localnet defaults). */
export function buildGenesisState(runtime: ComposedRuntime, config: Partial<GenesisConfig> = {}): MemoryState {
  const full: GenesisConfig = { ...localnetGenesisConfig(), ...config };
  const base = new MemoryState();
  const overlay = new OverlayState(base);
  withState(overlay, () => {
    state().set(CODE_KEY, full.code);
    for (const p of runtime.pallets) p.decl.genesis?.(full);
  });
  base.apply(overlay.changes());
  return base;
}
