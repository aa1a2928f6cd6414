// pallet_shield (index 30, `MevShield`): ML-KEM-768 encrypted ("shielded") transactions against MEV.
//
// Each block's author announces a fresh encapsulation key through the `announce_next_key` inherent, which rotates the
// key pipeline CurrentKey ← PendingKey ← NextKey ← AuthorKeys[author of slot + 2]. Users encrypt a signed extrinsic
// to NextKey and submit it in `submit_encrypted`; two blocks later the author (whose key is then PendingKey) includes
// the wrapper and, right after it, the decrypted inner extrinsic (the node does that through ShieldApi, see
// runtime_api.ts). `store_encrypted` queues calls for on_initialize, whose decryptor subtensor leaves unimplemented
// (`ExtrinsicDecryptor = ()`), so every queued call ends in ExtrinsicDecodeFailed or ExtrinsicExpired, as at HEAD.
import * as t from '../../codec/types.ts';
import { ScaleError, Writer, bytesEqual } from '../../codec/scale.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { ensureNone, ensureRoot, ensureSigned } from '../../frame/dispatch.ts';
import { AccountId32, H256 } from '../../primitives.ts';
import { blake2_256, twox128 } from '../../crypto/hashing.ts';
import { DB_WEIGHT, blockNumber } from '../system/index.ts';
import { DispatchErrorCodec } from '../system/types.ts';
import { Aura, AuraId, slotFromDigest } from '../aura/index.ts';
import { MLKEM768_ENC_KEY_LEN } from './shielded_tx.ts';

/** A Vec<u8> whose decoding fails beyond `max` bytes, as a BoundedVec<u8, ConstU32<max>> does. */
function boundedBytes(max: number): t.Codec<Uint8Array> {
  return {
    info: t.bytes.info,
    clone: t.bytes.clone,
    encodeTo: (w, v) => t.bytes.encodeTo(w, v),
    decodeFrom(r) {
      const v = t.bytes.decodeFrom(r);
      if (v.length > max) throw new ScaleError(`BoundedVec longer than ${max}`);
      return v;
    },
  };
}

/** stp_shield::ShieldEncKey = BoundedVec<u8, ConstU32<2048>>. */
export const ShieldEncKey = boundedBytes(2048);
/** submit_encrypted's ciphertext and store_encrypted's call: BoundedVec<u8, ConstU32<8192>>. */
const MaxEncryptedCall = boundedBytes(8192);
const BOUNDED_8192 = 'BoundedVec<u8, ConstU32<8192>>';

export const PendingExtrinsic = t.struct(['pallet_shield', 'pallet', 'PendingExtrinsic'], {
  who: AccountId32, encrypted_call: MaxEncryptedCall, submitted_at: t.u32,
}, { params: [{ name: 'T', type: undefined }], typeNames: { who: 'T::AccountId', encrypted_call: 'BoundedVec<u8, MaxEncryptedCallSize>', submitted_at: 'BlockNumberFor<T>' } });

export const DEFAULT_MAX_PENDING_EXTRINSICS = 100;
export const DEFAULT_EXTRINSIC_LIFETIME = 10;
export const DEFAULT_ON_INITIALIZE_WEIGHT = 500_000_000_000n;
/** Half of the 4 s block: the most on_initialize (and one queued extrinsic) may be given. */
export const MAX_ON_INITIALIZE_WEIGHT = 2_000_000_000_000n;
export const DEFAULT_MAX_EXTRINSIC_WEIGHT = 50_000_000_000n;
/** The inherent data identifier under which the author passes Option<ShieldEncKey>. */
export const SHIELD_INHERENT_IDENTIFIER = 'shieldpk';

// pallet_shield::weights::SubstrateWeight with RocksDbWeight.
const W = (refTime: bigint, reads = 0n, writes = 0n, proofSize = 0n) => ({ refTime: refTime + reads * DB_WEIGHT.read + writes * DB_WEIGHT.write, proofSize });
const ANNOUNCE_NEXT_KEY = W(33_661_000n, 4n, 6n, 5555n);
const SUBMIT_ENCRYPTED = W(207_223_000n);
/** Deliberately above the benchmark to discourage filling the queue (STORE_ENCRYPTED_WEIGHT). */
const STORE_ENCRYPTED = W(20_000_000_000n);

const idx = { index: t.u32 };
const idxNames = { index: 'u32' };

export const MevShield = definePallet({
  name: 'MevShield',
  index: 30,
  crate: 'pallet_shield',
  storage: {
    CurrentKey: value(ShieldEncKey, { docs: [' Current block author\'s ML-KEM-768 encapsulation key (internal, not for encryption).'] }),
    PendingKey: value(ShieldEncKey, { docs: [' Next block author\'s key, staged here before promoting to `CurrentKey`.'] }),
    NextKey: value(ShieldEncKey, { docs: [' Key users should encrypt with (N+2 author\'s key).'] }),
    AuthorKeys: map('Twox64Concat', AuraId, ShieldEncKey, { docs: [' Per-author ML-KEM-768 encapsulation key, updated each time the author produces a block.'] }),
    PendingKeyExpiresAt: value(t.u32, { docs: [' Block number at which `PendingKey` is no longer valid (exclusive upper bound).', ' Updated every block during rotation.'] }),
    NextKeyExpiresAt: value(t.u32, { docs: [' Block number at which `NextKey` is no longer valid (exclusive upper bound).', ' Updated every block during rotation.'] }),
    HasMigrationRun: map('Identity', boundedBytes(128), t.bool, { default: false, docs: [' Stores whether some migration has been run.'] }),
    MaxPendingExtrinsicsLimit: value(t.u32, { default: DEFAULT_MAX_PENDING_EXTRINSICS, docs: [' Configurable maximum number of pending extrinsics.', ' Defaults to 100 if not explicitly set via `set_max_pending_extrinsics`.'] }),
    ExtrinsicLifetime: value(t.u32, { default: DEFAULT_EXTRINSIC_LIFETIME, docs: [' Configurable extrinsic lifetime (max block difference between submission and execution).', ' Defaults to 10 blocks if not explicitly set.'] }),
    OnInitializeWeight: value(t.u64, { default: DEFAULT_ON_INITIALIZE_WEIGHT, docs: [' Configurable maximum weight for on_initialize processing.', ' Defaults to 500_000_000_000 ref_time if not explicitly set.'] }),
    MaxExtrinsicWeight: value(t.u64, { default: DEFAULT_MAX_EXTRINSIC_WEIGHT, docs: [' Configurable maximum weight for a single extrinsic dispatched during on_initialize.', ' Extrinsics exceeding this limit are removed from the queue.'] }),
    PendingExtrinsics: map('Identity', t.u32, PendingExtrinsic, { docs: [' Storage map for encrypted extrinsics to be executed in on_initialize.', ' Uses u32 index for O(1) insertion and removal. Count is maintained automatically.'] }),
    // The counter a CountedStorageMap keeps next to its map.
    CounterForPendingExtrinsics: value(t.u32, { default: 0, docs: ['Counter for the related counted storage map'] }),
    NextPendingExtrinsicIndex: value(t.u32, { default: 0, docs: [' Next index to use when inserting a pending extrinsic (unique auto-increment).'] }),
  },
  calls: {
    announce_next_key: call<{ enc_key: Uint8Array | null }>({
      index: 0, args: { enc_key: t.option(ShieldEncKey) }, typeNames: { enc_key: 'Option<ShieldEncKey>' },
      weight: ANNOUNCE_NEXT_KEY,
      docs: [
        ' Rotate the key chain and announce the current author\'s ML-KEM encapsulation key.', '',
        ' Called as an inherent every block. `enc_key` is `None` on node failure,',
        ' which removes the author from future shielded tx eligibility.',
      ],
      fn(origin, { enc_key }) {
        ensureNone(origin);
        announceNextKey(enc_key);
      },
    }),
    submit_encrypted: call<{ ciphertext: Uint8Array }>({
      index: 1, args: { ciphertext: MaxEncryptedCall }, typeNames: { ciphertext: BOUNDED_8192 },
      weight: SUBMIT_ENCRYPTED,
      docs: [
        ' Users submit an encrypted wrapper.', '',
        '        ciphertext = key_hash || kem_len || kem_ct || nonce || aead_ct', '',
        ' The block author whose key is `PendingKey` decrypts it and includes the inner signed extrinsic',
        ' right after this wrapper.',
      ],
      fn(origin, { ciphertext }) {
        const who = ensureSigned(origin);
        // T::Hashing::hash_of(&(who, ciphertext)): blake2-256 of the SCALE tuple.
        const id = blake2_256(new Writer(ciphertext.length + 40).raw(who).bytes(ciphertext).finish());
        MevShield.deposit('EncryptedSubmitted', { id, who });
      },
    }),
    store_encrypted: call<{ encrypted_call: Uint8Array }>({
      index: 2, args: { encrypted_call: MaxEncryptedCall }, typeNames: { encrypted_call: 'BoundedVec<u8, MaxEncryptedCallSize>' },
      weight: STORE_ENCRYPTED,
      docs: [' Store an encrypted extrinsic for later execution in on_initialize.'],
      fn(origin, { encrypted_call }) {
        const who = ensureSigned(origin);
        const s = MevShield.storage;
        if (s.CounterForPendingExtrinsics.get() >= s.MaxPendingExtrinsicsLimit.get()) throw MevShield.error('TooManyPendingExtrinsics');
        const index = s.NextPendingExtrinsicIndex.get();
        s.PendingExtrinsics.set(index, { who, encrypted_call, submitted_at: blockNumber() });
        s.CounterForPendingExtrinsics.set(s.CounterForPendingExtrinsics.get() + 1);
        s.NextPendingExtrinsicIndex.set(index === 0xffffffff ? index : index + 1);
        MevShield.deposit('ExtrinsicStored', { index, who });
      },
    }),
    set_max_pending_extrinsics_number: limitSetter(3, t.u32, 4_206_000n, 'MaxPendingExtrinsicsLimit', 'MaxPendingExtrinsicsNumberSet', false,
      [' Set the maximum number of pending extrinsics allowed in the queue.']),
    set_on_initialize_weight: limitSetter(4, t.u64, 4_327_000n, 'OnInitializeWeight', 'OnInitializeWeightSet', true,
      [' Set the maximum weight allowed for on_initialize processing.', ' Rejects values exceeding the absolute limit (half of total block weight).']),
    set_stored_extrinsic_lifetime: limitSetter(5, t.u32, 4_116_000n, 'ExtrinsicLifetime', 'ExtrinsicLifetimeSet', false,
      [' Set the extrinsic lifetime (max blocks between submission and execution).']),
    set_max_extrinsic_weight: limitSetter(6, t.u64, 4_227_000n, 'MaxExtrinsicWeight', 'MaxExtrinsicWeightSet', true,
      [' Set the maximum weight allowed for a single extrinsic during on_initialize processing.', ' Extrinsics exceeding this limit are removed from the queue.', ' Rejects values exceeding the absolute limit.']),
  },
  events: {
    EncryptedSubmitted: { fields: { id: H256, who: AccountId32 }, typeNames: { id: 'T::Hash', who: 'T::AccountId' }, docs: [' Encrypted wrapper accepted.'] },
    ExtrinsicStored: { fields: { index: t.u32, who: AccountId32 }, typeNames: { index: 'u32', who: 'T::AccountId' }, docs: [' Encrypted extrinsic was stored for later execution.'] },
    ExtrinsicDecodeFailed: { fields: idx, typeNames: idxNames, docs: [' Extrinsic decode failed during on_initialize.'] },
    ExtrinsicDispatchFailed: { fields: { index: t.u32, error: DispatchErrorCodec }, typeNames: { index: 'u32', error: 'DispatchError' }, docs: [' Extrinsic dispatch failed during on_initialize.'] },
    ExtrinsicDispatched: { fields: idx, typeNames: idxNames, docs: [' Extrinsic was successfully dispatched during on_initialize.'] },
    ExtrinsicExpired: { fields: idx, typeNames: idxNames, docs: [' Extrinsic expired (exceeded max block lifetime).'] },
    ExtrinsicPostponed: { fields: idx, typeNames: idxNames, docs: [' Extrinsic postponed due to weight limit.'] },
    MaxPendingExtrinsicsNumberSet: { fields: { value: t.u32 }, typeNames: { value: 'u32' }, docs: [' Maximum pending extrinsics limit was updated.'] },
    OnInitializeWeightSet: { fields: { value: t.u64 }, typeNames: { value: 'u64' }, docs: [' Maximum on_initialize weight was updated.'] },
    ExtrinsicLifetimeSet: { fields: { value: t.u32 }, typeNames: { value: 'u32' }, docs: [' Extrinsic lifetime was updated.'] },
    MaxExtrinsicWeightSet: { fields: { value: t.u64 }, typeNames: { value: 'u64' }, docs: [' Maximum per-extrinsic weight was updated.'] },
    ExtrinsicWeightExceeded: { fields: idx, typeNames: idxNames, docs: [' Extrinsic exceeded the per-extrinsic weight limit and was removed.'] },
  },
  errors: {
    BadEncKeyLen: ' The announced ML‑KEM encapsulation key length is invalid.',
    Unreachable: ' Unreachable.',
    TooManyPendingExtrinsics: ' Too many pending extrinsics in storage.',
    WeightExceedsAbsoluteMax: ' Weight exceeds the absolute maximum (half of total block weight).',
  },
  hooks: {
    onInitialize() { return processPendingExtrinsics(); },
  },
  inherent: {
    identifier: SHIELD_INHERENT_IDENTIFIER,
    calls: ['announce_next_key'],
    // create_inherent: the data is InherentType = Option<ShieldEncKey>; undecodable data means no inherent.
    create(data: Uint8Array) {
      let enc_key: Uint8Array | null;
      try { enc_key = t.decode(t.option(ShieldEncKey), data); } catch { return null; }
      return { type: 'announce_next_key', value: { enc_key } };
    },
  },
});

/** The root-only setters of the queue's limits (one write each); the weight limits are capped at
 *  MAX_ON_INITIALIZE_WEIGHT (WeightExceedsAbsoluteMax). */
function limitSetter<V extends number | bigint>(
  index: number, type: t.Codec<V>, refTime: bigint,
  item: 'MaxPendingExtrinsicsLimit' | 'OnInitializeWeight' | 'ExtrinsicLifetime' | 'MaxExtrinsicWeight',
  event: 'MaxPendingExtrinsicsNumberSet' | 'OnInitializeWeightSet' | 'ExtrinsicLifetimeSet' | 'MaxExtrinsicWeightSet',
  capped: boolean, docs: string[],
) {
  return call<{ value: V }>({
    index, args: { value: type }, typeNames: { value: type === (t.u64 as unknown) ? 'u64' : 'u32' }, weight: W(refTime, 0n, 1n), docs,
    fn(origin, { value: v }) {
      ensureRoot(origin);
      if (capped && BigInt(v) > MAX_ON_INITIALIZE_WEIGHT) throw MevShield.error('WeightExceedsAbsoluteMax');
      (MevShield.storage[item] as { set(v: V): void }).set(v);
      MevShield.deposit(event, { value: v });
    },
  });
}

/** FindAuraAuthors: the authority of the block's slot (+ `ahead` slots). Subtensor indexes by slot % n (and would
 *  panic on an empty set; here that is the Unreachable error). */
function auraAuthorAhead(ahead: bigint): Uint8Array | null {
  const slot = slotFromDigest();
  if (slot === null) return null;
  const auths = Aura.storage.Authorities.get();
  if (auths.length === 0) return null;
  return auths[Number((slot + ahead) % BigInt(auths.length))];
}

function announceNextKey(encKey: Uint8Array | null): void {
  const s = MevShield.storage;
  const author = auraAuthorAhead(0n);
  if (!author) throw MevShield.error('Unreachable');
  const now = blockNumber();
  // 1. CurrentKey ← PendingKey; 2. PendingKey ← NextKey; 3. NextKey ← AuthorKeys[author of slot + 2] (read before 4).
  const pending = s.PendingKey.take();
  if (pending) s.CurrentKey.set(pending); else s.CurrentKey.kill();
  const next = s.NextKey.take();
  if (next) s.PendingKey.set(next); else s.PendingKey.kill();
  const nextNextAuthor = auraAuthorAhead(2n);
  const nextNextKey = nextNextAuthor ? s.AuthorKeys.get(nextNextAuthor) : null;
  if (nextNextKey) s.NextKey.set(nextNextKey); else s.NextKey.kill();
  // 4. The author's own key, for the blocks where it is N+2 author.
  if (encKey) {
    if (encKey.length !== MLKEM768_ENC_KEY_LEN) throw MevShield.error('BadEncKeyLen');
    s.AuthorKeys.set(author, encKey);
  } else {
    s.AuthorKeys.remove(author);
  }
  // 5. Expiry of the user-facing keys (exclusive upper bounds).
  if (s.PendingKey.get()) s.PendingKeyExpiresAt.set(now + 2); else s.PendingKeyExpiresAt.kill();
  if (s.NextKey.get()) s.NextKeyExpiresAt.set(now + 3); else s.NextKeyExpiresAt.kill();
}

/** process_pending_extrinsics with subtensor's decryptor `()`, which fails every call: queued calls are dropped as
 *  ExtrinsicExpired (older than ExtrinsicLifetime) or ExtrinsicDecodeFailed. Returns the weight consumed. */
function processPendingExtrinsics(): bigint {
  const s = MevShield.storage;
  const nextIndex = s.NextPendingExtrinsicIndex.get();
  const count = s.CounterForPendingExtrinsics.get();
  let weight = 2n * DB_WEIGHT.read;
  if (count === 0) return weight;
  const removeWeight = DB_WEIGHT.read + 2n * DB_WEIGHT.write;
  const now = blockNumber();
  for (let index = Math.max(0, nextIndex - count); index < nextIndex; index++) {
    const pending = s.PendingExtrinsics.get(index);
    if (!pending) { weight += DB_WEIGHT.read; continue; }
    s.PendingExtrinsics.remove(index);
    s.CounterForPendingExtrinsics.set(s.CounterForPendingExtrinsics.get() - 1);
    weight += removeWeight;
    const age = now > pending.submitted_at ? now - pending.submitted_at : 0;
    MevShield.deposit(age > s.ExtrinsicLifetime.get() ? 'ExtrinsicExpired' : 'ExtrinsicDecodeFailed', { index });
  }
  return weight;
}

/** is_shielded_using_current_key: the key hash names PendingKey, the key the author of the block being built holds. */
export function isShieldedUsingCurrentKey(keyHash: Uint8Array): boolean {
  const pending = MevShield.storage.PendingKey.get();
  return pending !== null && bytesEqual(twox128(pending), keyHash);
}
