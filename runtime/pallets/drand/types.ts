// pallet_drand types (HEAD pallets/drand/src/types.rs) and the quicknet beacon it defaults to.
import * as t from '../../codec/types.ts';
import { fromHex } from '../../codec/scale.ts';
import { MultiSignature } from '../../primitives.ts';

export const RoundNumber = t.u64;

/** sp_runtime::MultiSigner: the `public` of the offchain worker's signed payloads. */
export const MultiSigner = t.enumOf(['sp_runtime', 'MultiSigner'], {
  Ed25519: { fields: t.newtype(['sp_core', 'ed25519', 'Public'], t.fixedBytes(32), '[u8; 32]') },
  Sr25519: { fields: t.newtype(['sp_core', 'sr25519', 'Public'], t.fixedBytes(32), '[u8; 32]') },
  Ecdsa: { fields: t.newtype(['sp_core', 'ecdsa', 'Public'], t.fixedBytes(33), '[u8; 33]') },
});

export const Metadata = t.struct(['pallet_drand', 'types', 'Metadata'], { beacon_id: t.bytes }, { typeNames: { beacon_id: 'BoundedHash' } });

export const BeaconConfiguration = t.struct(['pallet_drand', 'types', 'BeaconConfiguration'], {
  public_key: t.bytes, period: t.u32, genesis_time: t.u32, hash: t.bytes, group_hash: t.bytes, scheme_id: t.bytes, metadata: Metadata,
}, { typeNames: { public_key: 'OpaquePublicKey', period: 'u32', genesis_time: 'u32', hash: 'BoundedHash', group_hash: 'BoundedHash', scheme_id: 'BoundedHash', metadata: 'Metadata' } });
export type BeaconConfigurationValue = t.ValueOf<typeof BeaconConfiguration>;

export const Pulse = t.struct(['pallet_drand', 'types', 'Pulse'], { round: RoundNumber, randomness: t.bytes, signature: t.bytes },
  { typeNames: { round: 'RoundNumber', randomness: 'BoundedVec<u8, ConstU32<32>>', signature: 'BoundedVec<u8, ConstU32<144>>' } });
export type PulseValue = t.ValueOf<typeof Pulse>;

const payloadParams = [{ name: 'Public', type: MultiSigner }, { name: 'BlockNumber', type: t.u32 }];
export const PulsesPayload = t.struct(['pallet_drand', 'types', 'PulsesPayload'], { block_number: t.u32, pulses: t.vec(Pulse), public: MultiSigner },
  { params: payloadParams, typeNames: { block_number: 'BlockNumber', pulses: 'Vec<Pulse>', public: 'Public' } });
export type PulsesPayloadValue = t.ValueOf<typeof PulsesPayload>;
export const BeaconConfigurationPayload = t.struct(['pallet_drand', 'types', 'BeaconConfigurationPayload'],
  { block_number: t.u32, config: BeaconConfiguration, public: MultiSigner },
  { params: payloadParams, typeNames: { block_number: 'BlockNumber', config: 'BeaconConfiguration', public: 'Public' } });

export const OptionSignature = t.option(MultiSignature);

/** HEAD's bounds on the opaque byte fields (BoundedVec limits: decoding longer values fails). */
export const BOUNDS = { publicKey: 96, hash: 32, randomness: 32, signature: 144 } as const;

/** drand quicknet (HEAD `DefaultBeaconConfig`, the values of https://api.drand.sh/<hash>/info). */
export const QUICKNET_CHAIN_HASH = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
export const QUICKNET_PUBLIC_KEY = '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a';
export const QUICKNET_GENESIS_TIME = 1_692_803_367;
export const QUICKNET_PERIOD = 3;
const ascii = (s: string) => new TextEncoder().encode(s);

export function quicknetConfig(): BeaconConfigurationValue {
  return {
    public_key: fromHex(QUICKNET_PUBLIC_KEY),
    period: QUICKNET_PERIOD,
    genesis_time: QUICKNET_GENESIS_TIME,
    hash: fromHex(QUICKNET_CHAIN_HASH),
    group_hash: fromHex('f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e'),
    scheme_id: ascii('bls-unchained-g1-rfc9380'),
    metadata: { beacon_id: ascii('quicknet') },
  };
}
