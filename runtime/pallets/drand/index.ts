// pallet_drand (index 26, HEAD pallets/drand): drand quicknet pulses, BLS-verified, stored by round. Pulses arrive
// as the unsigned `write_pulse` the offchain worker submits (one pulse per transaction, with an sr25519-signed
// payload checked in validate_unsigned); in this port the node plays the offchain worker (node/drand.ts).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { ensureNone, ensureRoot } from '../../frame/dispatch.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { verifySignature } from '../../crypto/verify.ts';
import { decodeG1, decodeG2, verifyRoundSignature } from '../../crypto/drand.ts';
import { blockNumber, DB_WEIGHT as DB } from '../system/index.ts';
import { concatBytes } from '../../codec/scale.ts';
import { TransactionValidityFailure } from '../system/types.ts';
import {
  BeaconConfiguration, BeaconConfigurationPayload, MultiSigner, OptionSignature, Pulse, PulsesPayload, RoundNumber, BOUNDS, quicknetConfig,
  type BeaconConfigurationValue, type PulseValue, type PulsesPayloadValue,
} from './types.ts';

export const MAX_PULSES_TO_FETCH = 50n;
export const MAX_KEPT_PULSES = 216_000n; // one week of 3 s rounds
export const MAX_REMOVED_PULSES = 100n;
/** Runtime config: `UnsignedPriority = 1 << 20`. */
export const UNSIGNED_PRIORITY = 1n << 20n;
const U64_MAX = (1n << 64n) - 1n;

/**
 * `QuicknetVerifier::verify`: an error (PulseVerificationError) when the beacon key or the signature does not decode
 * as a compressed point, else whether e(sig, g2) = e(H(sha256(round)), pk).
 */
export function verifyPulse(config: BeaconConfigurationValue, pulse: PulseValue): boolean | 'error' {
  const pk = decodeG2(config.public_key);
  const sig = decodeG1(pulse.signature);
  if (!pk || !sig) return 'error';
  return verifyRoundSignature(pk, sig, pulse.round);
}

const invalid = (kind: string) => TransactionValidityFailure.invalid(kind);

/** HEAD `validate_signature_and_parameters`: the payload's sr25519 signature, then the gate and round checks. */
function validateSignedPayload(payload: Uint8Array, publicKey: t.EnumValue, signature: t.EnumValue | null, blockNumberOfPayload: number, rounds: bigint[] | null) {
  if (!signature) throw invalid('BadSigner');
  // AppCrypto (sr25519): other signer/signature kinds do not convert and fail as a bad proof.
  if (publicKey.type !== 'Sr25519' || signature.type !== 'Sr25519' ||
      !verifySignature('Sr25519', signature.value as Uint8Array, payload, publicKey.value as Uint8Array)) throw invalid('BadProof');
  const nextUnsignedAt = Drand.storage.NextUnsignedAt.get();
  const current = blockNumber();
  if (current < blockNumberOfPayload) throw invalid('Future');
  if (rounds) {
    if (rounds.length !== 1) throw invalid('Call');
    const r = rounds[0];
    if (nextUnsignedAt > current) throw invalid('Stale');
    if (r <= Drand.storage.LastStoredRound.get()) throw invalid('Stale');
    const priority = UNSIGNED_PRIORITY + (U64_MAX - r);
    const tag = blake2_256(t.encode(t.tuple<[Uint8Array, bigint]>(t.fixedBytes(5), t.u64), [new TextEncoder().encode('drand'), r]));
    return { priority: priority > U64_MAX ? U64_MAX : priority, requires: [], provides: [tagged(tag)], longevity: 3n, propagate: false };
  }
  if (nextUnsignedAt > blockNumberOfPayload) throw invalid('Stale');
  const tag = blake2_256(t.encode(t.tuple<[number, Uint8Array]>(t.u32, t.bytes), [nextUnsignedAt, t.encode(MultiSigner, publicKey)]));
  return { priority: UNSIGNED_PRIORITY, requires: [], provides: [tagged(tag)], longevity: 1n, propagate: true };
}
/** `ValidTransaction::with_tag_prefix("DrandOffchainWorker")`: a provided tag is the SCALE (prefix: &str, tag: [u8; 32]) pair. */
const TAG_PREFIX = t.encode(t.bytes, new TextEncoder().encode('DrandOffchainWorker'));
const tagged = (tag: Uint8Array): Uint8Array => concatBytes(TAG_PREFIX, tag);

function withinBounds(p: PulseValue): boolean {
  return p.randomness.length <= BOUNDS.randomness && p.signature.length <= BOUNDS.signature;
}

/** Drop pulses older than the last MAX_KEPT_PULSES rounds, at most MAX_REMOVED_PULSES per call. */
function pruneOldPulses(lastStoredRound: bigint): void {
  let oldest = Drand.storage.OldestStoredRound.get();
  if (oldest === 0n) return;
  let removed = 0n;
  while (lastStoredRound - oldest + 1n > MAX_KEPT_PULSES && removed < MAX_REMOVED_PULSES) {
    Drand.storage.Pulses.remove(oldest);
    oldest++;
    removed++;
  }
  Drand.storage.OldestStoredRound.set(oldest);
}

export const Drand = definePallet({
  name: 'Drand',
  index: 26,
  crate: 'pallet_drand',
  storage: {
    BeaconConfig: value(BeaconConfiguration, { default: quicknetConfig(), docs: [' the drand beacon configuration'] }),
    HasMigrationRun: map('Identity', t.bytes, t.bool, { default: false, docs: [' Storage for migration run status'] }),
    Pulses: map('Blake2_128Concat', RoundNumber, Pulse, { docs: [' map round number to pulse'] }),
    LastStoredRound: value(RoundNumber, { default: 0n }),
    OldestStoredRound: value(RoundNumber, { default: 0n, docs: [' oldest stored round'] }),
    NextUnsignedAt: value(t.u32, { default: 0, docs: [' Defines the block when next unsigned transaction will be accepted.'] }),
  },
  calls: {
    write_pulse: call<{ pulses_payload: PulsesPayloadValue; signature: t.EnumValue | null }>({
      index: 0, args: { pulses_payload: PulsesPayload, signature: OptionSignature },
      typeNames: { pulses_payload: 'PulsesPayload<T::Public, BlockNumberFor<T>>', signature: 'Option<T::Signature>' },
      weight: { refTime: 4_294_000_000n + 3n * DB.read + 4n * DB.write, proofSize: 0n },
      docs: [' Verify and write a pulse from the beacon into the runtime'],
      fn(origin, { pulses_payload }) {
        ensureNone(origin);
        const st = Drand.storage;
        const config = st.BeaconConfig.get();
        let last = st.LastStoredRound.get();
        const isFirstStorage = last === 0n && st.OldestStoredRound.get() === 0n;
        let firstNewRound: bigint | null = null;
        const newRounds: bigint[] = [];
        for (const pulse of pulses_payload.pulses) {
          const verified = verifyPulse(config, pulse);
          if (verified === 'error') throw Drand.error('PulseVerificationError');
          // An unverified pulse is skipped without error, as at HEAD.
          if (!verified) continue;
          if (pulse.round <= last) throw Drand.error('InvalidRoundNumber');
          st.Pulses.set(pulse.round, pulse);
          last = pulse.round;
          newRounds.push(pulse.round);
          if (isFirstStorage && firstNewRound === null) firstNewRound = pulse.round;
        }
        st.LastStoredRound.set(last);
        if (firstNewRound !== null) st.OldestStoredRound.set(firstNewRound);
        pruneOldPulses(last);
        st.NextUnsignedAt.set(blockNumber());
        if (newRounds.length > 0) Drand.deposit('NewPulse', { rounds: newRounds });
      },
    }),
    set_beacon_config: call<{ config_payload: { block_number: number; config: BeaconConfigurationValue; public: t.EnumValue }; signature: t.EnumValue | null }>({
      index: 1, args: { config_payload: BeaconConfigurationPayload, signature: OptionSignature },
      typeNames: { config_payload: 'BeaconConfigurationPayload<T::Public, BlockNumberFor<T>>', signature: 'Option<T::Signature>' },
      weight: { refTime: 8_766_000n + 2n * DB.write, proofSize: 0n },
      docs: [' allows the root user to set the beacon configuration'],
      fn(origin, { config_payload }) {
        ensureRoot(origin);
        Drand.storage.BeaconConfig.set(config_payload.config);
        Drand.storage.NextUnsignedAt.set(blockNumber() + 1);
        Drand.deposit('BeaconConfigChanged', []);
      },
    }),
    set_oldest_stored_round: call<{ oldest_round: bigint }>({
      index: 2, args: { oldest_round: t.u64 }, typeNames: { oldest_round: 'u64' },
      weight: { refTime: 5_370_000n + DB.write, proofSize: 0n },
      docs: [' allows the root user to set the oldest stored round'],
      fn(origin, { oldest_round }) {
        ensureRoot(origin);
        Drand.storage.OldestStoredRound.set(oldest_round);
        Drand.deposit('SetOldestStoredRound', [oldest_round]);
      },
    }),
  },
  events: {
    BeaconConfigChanged: { docs: [' Beacon Configuration has changed.'] },
    NewPulse: { fields: { rounds: t.vec(RoundNumber) }, typeNames: { rounds: 'Vec<RoundNumber>' }, docs: [' Successfully set a new pulse(s).'] },
    SetOldestStoredRound: { fields: [t.u64], typeNames: ['u64'], docs: [' Oldest Stored Round has been set.'] },
  },
  errors: {
    NoneValue: ' The value retrieved was `None` as no value was previously set.',
    StorageOverflow: ' There was an attempt to increment the value in storage over `u32::MAX`.',
    DrandConnectionFailure: ' failed to connect to the',
    UnverifiedPulse: ' the pulse is invalid',
    InvalidRoundNumber: ' the round number did not increment',
    PulseVerificationError: ' the pulse could not be verified',
  },
  constants: {
    UnsignedPriority: { type: t.u64, value: UNSIGNED_PRIORITY, docs: [' A configuration for base priority of unsigned transactions.'] },
    HttpFetchTimeout: { type: t.u64, value: 1_000n, docs: [' The maximum number of milliseconds we are willing to wait for the HTTP request to', ' complete.'] },
  },
  validateUnsigned(_source, call) {
    if (call.type === 'write_pulse') {
      const { pulses_payload: p, signature } = call.value as { pulses_payload: PulsesPayloadValue; signature: t.EnumValue | null };
      if (!p.pulses.every(withinBounds)) throw invalid('Call');
      return validateSignedPayload(t.encode(PulsesPayload, p), p.public, signature, p.block_number, p.pulses.map(x => x.round));
    }
    if (call.type === 'set_beacon_config') {
      const { config_payload: p, signature } = call.value as { config_payload: { block_number: number; config: BeaconConfigurationValue; public: t.EnumValue }; signature: t.EnumValue | null };
      return validateSignedPayload(t.encode(BeaconConfigurationPayload, p), p.public, signature, p.block_number, null);
    }
    throw invalid('Call');
  },
  genesis(config) {
    // Not in HEAD's genesis (it keeps the quicknet default): the node's `--drand dev` beacon puts its own key here.
    if (config.drandBeaconConfig) Drand.storage.BeaconConfig.set(config.drandBeaconConfig as BeaconConfigurationValue);
  },
});
