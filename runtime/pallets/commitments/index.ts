// pallet_commitments (index 18): per-(netuid, hotkey) commitment of up to 3 data fields, as HEAD stores it (no
// deposits: they are 0 in subtensor's runtime), with HEAD's call, storage and event shapes so the SDK can write and
// read commitments, and HEAD's on_initialize reveal of TimelockEncrypted fields once their drand pulse is on chain.
import * as t from '../../codec/types.ts';
import { bytesEqual } from '../../codec/scale.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, doubleMap } from '../../frame/storage.ts';
import { ensureSigned, ensureRoot } from '../../frame/dispatch.ts';
import { AccountId32, NetUid, type AccountId } from '../../primitives.ts';
import { subnetStorage as S } from '../subtensor/subnets/storage.ts';
import { coinbaseStorage as C } from '../subtensor/coinbase/storage.ts';
import { blockNumber } from '../subtensor/staking/ext.ts';
import { resetBondsOfHotkey } from '../subtensor/subnets/registration.ts';
import { Drand } from '../drand/index.ts';
import { decodePulseSignature } from '../../crypto/drand.ts';
import { tlockDecrypt } from '../../crypto/tlock.ts';

const MAX_FIELDS = 3;
const MIN_USED_SPACE = 100n;

/** pallet_commitments::types::Data: custom indices (Raw0..Raw128 carry their length in the index). */
const dataVariants: Record<string, t.VariantSpec | null> = { None: { index: 0 } };
for (let n = 0; n <= 128; n++) dataVariants[`Raw${n}`] = { index: n + 1, fields: t.fixedBytes(n), typeNames: [`[u8; ${n}]`] };
Object.assign(dataVariants, {
  BlakeTwo256: { index: 130, fields: t.fixedBytes(32), typeNames: ['[u8; 32]'] },
  Sha256: { index: 131, fields: t.fixedBytes(32), typeNames: ['[u8; 32]'] },
  Keccak256: { index: 132, fields: t.fixedBytes(32), typeNames: ['[u8; 32]'] },
  ShaThree256: { index: 133, fields: t.fixedBytes(32), typeNames: ['[u8; 32]'] },
  TimelockEncrypted: { index: 134, fields: { encrypted: t.bytes, reveal_round: t.u64 }, typeNames: { encrypted: 'BoundedVec<u8, ConstU32<MAX_TIMELOCK_COMMITMENT_SIZE_BYTES>>', reveal_round: 'u64' } },
  ResetBondsFlag: { index: 135 },
  BigRaw: { index: 136, fields: t.bytes, typeNames: ['BoundedVec<u8, ConstU32<MAX_BIGRAW_COMMITMENT_SIZE_BYTES>>'] },
});
export const Data = t.enumOf(['pallet_commitments', 'types', 'Data'], dataVariants);

export const CommitmentInfo = t.struct(['pallet_commitments', 'types', 'CommitmentInfo'], { fields: t.vec(Data) },
  { typeNames: { fields: 'BoundedVec<Data, FieldLimit>' } });
export const Registration = t.struct(['pallet_commitments', 'types', 'Registration'], { deposit: t.u64, block: t.u32, info: CommitmentInfo },
  { typeNames: { deposit: 'Balance', block: 'BlockNumber', info: 'CommitmentInfo<MaxFields>' } });
export const UsageTracker = t.struct(['pallet_commitments', 'types', 'UsageTracker'], { last_epoch: t.u64, used_space: t.u64 });

/** `Data::len_for_rate_limit`. */
function spaceOf(d: t.EnumValue): bigint {
  if (d.type.startsWith('Raw')) return BigInt(Number(d.type.slice(3)));
  if (['BlakeTwo256', 'Sha256', 'Keccak256', 'ShaThree256'].includes(d.type)) return 32n;
  if (d.type === 'TimelockEncrypted') return BigInt(d.value.encrypted.length);
  if (d.type === 'BigRaw') return BigInt(d.value.length);
  return 0n;
}

const pairKey = (a: [number, AccountId], b: [number, AccountId]) =>
  a[0] - b[0] || Buffer.compare(Buffer.from(a[1]), Buffer.from(b[1]));

const MAX_REVEALS = 10;
const sameEntry = (netuid: number, who: AccountId) => ([n, a]: [number, AccountId]) => n === netuid && bytesEqual(a, who);

/**
 * HEAD `reveal_timelocked_commitments` (on_initialize): each indexed commitment's TimelockEncrypted fields whose
 * reveal round has a pulse are decrypted; plaintexts are appended to RevealedCommitments (the last 10 kept, with the
 * block), one CommitmentRevealed event each. A field that fails to decrypt is dropped silently; fields without a
 * pulse yet stay; a commitment left with no fields is removed, and the index forgets entries without timelocks.
 */
export function revealTimelockedCommitments(): void {
  const st = Commitments.storage;
  for (const [netuid, who] of st.TimelockedIndex.get()) {
    const registration = st.CommitmentOf.get(netuid, who);
    const forget = () => st.TimelockedIndex.set(st.TimelockedIndex.get().filter(e => !sameEntry(netuid, who)(e)));
    if (!registration) { forget(); continue; }
    const remain: t.EnumValue[] = [];
    const revealed: Uint8Array[] = [];
    let sawTimelock = false, processed = false;
    for (const field of registration.info.fields) {
      if (field.type !== 'TimelockEncrypted') { remain.push(field); continue; }
      sawTimelock = true;
      const pulse = Drand.storage.Pulses.get(field.value.reveal_round);
      if (!pulse) { remain.push(field); continue; }
      processed = true;
      const sig = decodePulseSignature(pulse.signature);
      const plaintext = sig && tlockDecrypt(field.value.encrypted, sig);
      if (plaintext && plaintext.length > 0) revealed.push(plaintext);
    }
    if (!sawTimelock) { forget(); continue; }
    if (!processed) continue;
    if (revealed.length > 0) {
      const block = BigInt(blockNumber());
      const reveals = st.RevealedCommitments.get(netuid, who) ?? [];
      for (const r of revealed) {
        reveals.push([r, block]);
        Commitments.deposit('CommitmentRevealed', { netuid, who });
      }
      st.RevealedCommitments.set(netuid, who, reveals.slice(Math.max(0, reveals.length - MAX_REVEALS)));
    }
    if (remain.length === 0) {
      st.CommitmentOf.remove(netuid, who);
      forget();
    } else {
      st.CommitmentOf.set(netuid, who, { ...registration, info: { fields: remain } });
      if (!remain.some(f => f.type === 'TimelockEncrypted')) forget();
    }
  }
}

export const Commitments = definePallet({
  name: 'Commitments',
  index: 18,
  crate: 'pallet_commitments',
  storage: {
    TimelockedIndex: value(t.vec(t.tuple<[number, AccountId]>(NetUid, AccountId32)), { default: [] }),
    CommitmentOf: doubleMap('Identity', NetUid, 'Twox64Concat', AccountId32, Registration),
    LastCommitment: doubleMap('Identity', NetUid, 'Twox64Concat', AccountId32, t.u32),
    LastBondsReset: doubleMap('Identity', NetUid, 'Twox64Concat', AccountId32, t.u32),
    RevealedCommitments: doubleMap('Identity', NetUid, 'Twox64Concat', AccountId32, t.vec(t.tuple<[Uint8Array, bigint]>(t.bytes, t.u64))),
    UsedSpaceOf: doubleMap('Identity', NetUid, 'Twox64Concat', AccountId32, UsageTracker),
    MaxSpace: value(t.u32, { default: 3100 }),
  },
  calls: {
    set_commitment: call<{ netuid: number; info: { fields: t.EnumValue[] } }>({
      index: 0, args: { netuid: NetUid, info: CommitmentInfo }, typeNames: { netuid: 'NetUid', info: 'Box<CommitmentInfo<T::MaxFields>>' },
      weight: 20_000_000n, pays: 'No', docs: [' Set the commitment for a given netuid'],
      fn(origin, { netuid, info }) {
        const who = ensureSigned(origin);
        const st = Commitments.storage;
        // CanCommit: the hotkey must be registered on the subnet.
        if (!S.Uids.contains(netuid, who)) throw Commitments.error('AccountNotAllowedCommit');
        if (info.fields.length > MAX_FIELDS) throw Commitments.error('TooManyFieldsInCommitmentInfo');
        const block = blockNumber();
        let required = info.fields.reduce((acc, f) => acc + spaceOf(f), 0n);
        if (required < MIN_USED_SPACE) required = MIN_USED_SPACE;
        const usage = st.UsedSpaceOf.get(netuid, who) ?? { last_epoch: 0n, used_space: 0n };
        const epoch = C.SubnetEpochIndex.get(netuid);
        if (usage.last_epoch !== epoch) { usage.last_epoch = epoch; usage.used_space = 0n; }
        if (info.fields.some(f => f.type === 'ResetBondsFlag')) {
          st.LastBondsReset.set(netuid, who, block);
          resetBondsOfHotkey(netuid, who);
        }
        if (usage.used_space + required > BigInt(st.MaxSpace.get())) throw Commitments.error('SpaceLimitExceeded');
        usage.used_space += required;
        st.UsedSpaceOf.set(netuid, who, usage);
        st.CommitmentOf.set(netuid, who, { deposit: 0n, block, info });
        st.LastCommitment.set(netuid, who, block);
        const timelock = info.fields.find(f => f.type === 'TimelockEncrypted');
        const index = st.TimelockedIndex.get().filter(([n, a]) => !(n === netuid && bytesEqual(a, who)));
        if (timelock) {
          Commitments.deposit('TimelockCommitment', { netuid, who, reveal_round: timelock.value.reveal_round });
          index.push([netuid, who]);
        } else {
          Commitments.deposit('Commitment', { netuid, who });
        }
        st.TimelockedIndex.set(index.sort(pairKey));
      },
    }),
    set_max_space: call<{ new_limit: number }>({
      index: 2, args: { new_limit: t.u32 }, typeNames: { new_limit: 'u32' }, weight: 10_000_000n,
      docs: [' Sudo-set MaxSpace'],
      fn(origin, { new_limit }) { ensureRoot(origin); Commitments.storage.MaxSpace.set(new_limit); },
    }),
  },
  events: {
    Commitment: { fields: { netuid: NetUid, who: AccountId32 }, typeNames: { netuid: 'NetUid', who: 'T::AccountId' }, docs: [' A commitment was set'] },
    TimelockCommitment: { fields: { netuid: NetUid, who: AccountId32, reveal_round: t.u64 }, typeNames: { netuid: 'NetUid', who: 'T::AccountId', reveal_round: 'u64' }, docs: [' A timelock-encrypted commitment was set'] },
    CommitmentRevealed: { fields: { netuid: NetUid, who: AccountId32 }, typeNames: { netuid: 'NetUid', who: 'T::AccountId' }, docs: [' A timelock-encrypted commitment was auto-revealed'] },
  },
  errors: {
    TooManyFieldsInCommitmentInfo: ' Account passed too many additional fields to their commitment',
    AccountNotAllowedCommit: ' Account is not allowed to make commitments to the chain',
    SpaceLimitExceeded: ' Space Limit Exceeded for the current interval',
    UnexpectedUnreserveLeftover: ' Indicates that unreserve returned a leftover, which is unexpected.',
  },
  hooks: {
    onInitialize() { revealTimelockedCommitments(); },
  },
  constants: {
    MaxFields: { type: t.u32, value: MAX_FIELDS, docs: [' The maximum number of additional fields that can be added to a commitment'] },
    InitialDeposit: { type: t.u64, value: 0n, docs: [' The amount held on deposit for a registered identity'] },
    FieldDeposit: { type: t.u64, value: 0n, docs: [' The amount held on deposit per additional field for a registered identity.'] },
  },
});
