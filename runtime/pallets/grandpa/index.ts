// pallet_grandpa (index 4), minimal: the authority set (weight 1 each), set id 0 and a Live state. The single-node
// chain finalises by itself; equivocation reports cannot be decoded (KeyOwnerProof is sp_core::Void, as in subtensor).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { ensureRoot, ensureNone } from '../../frame/dispatch.ts';
import { H256 } from '../../primitives.ts';

export const GrandpaId = t.newtype(['sp_consensus_grandpa', 'app', 'Public'], t.fixedBytes(32), 'ed25519::Public');
const GrandpaSignature = t.newtype(['sp_consensus_grandpa', 'app', 'Signature'], t.fixedBytes(64), 'ed25519::Signature');
export const AuthorityList = t.vec(t.tuple<[Uint8Array, bigint]>(GrandpaId, t.u64));

const StoredState = t.enumOf(['pallet_grandpa', 'StoredState'], {
  Live: null,
  PendingPause: { fields: { scheduled_at: t.u32, delay: t.u32 }, typeNames: { scheduled_at: 'N', delay: 'N' } },
  Paused: null,
  PendingResume: { fields: { scheduled_at: t.u32, delay: t.u32 }, typeNames: { scheduled_at: 'N', delay: 'N' } },
});
const StoredPendingChange = t.struct(['pallet_grandpa', 'StoredPendingChange'], {
  scheduled_at: t.u32, delay: t.u32, next_authorities: AuthorityList, forced: t.option(t.u32),
}, { typeNames: { scheduled_at: 'N', delay: 'N', next_authorities: 'BoundedAuthorityList<Limit>', forced: 'Option<N>' } });

const vote = (name: string) => t.struct(['finality_grandpa', name], { target_hash: H256, target_number: t.u32 }, { typeNames: { target_hash: 'H', target_number: 'N' } });
const grandpaEquivocation = (voteType: t.Codec<any>) => t.struct(['finality_grandpa', 'Equivocation'], {
  round_number: t.u64, identity: GrandpaId,
  first: t.tuple(voteType, GrandpaSignature), second: t.tuple(voteType, GrandpaSignature),
}, { typeNames: { round_number: 'u64', identity: 'Id', first: '(V, S)', second: '(V, S)' } });
const Equivocation = t.enumOf(['sp_consensus_grandpa', 'Equivocation'], {
  Prevote: { fields: grandpaEquivocation(vote('Prevote')) },
  Precommit: { fields: grandpaEquivocation(vote('Precommit')) },
});
export const EquivocationProof = t.struct(['sp_consensus_grandpa', 'EquivocationProof'], { set_id: t.u64, equivocation: Equivocation },
  { typeNames: { set_id: 'SetId', equivocation: 'Equivocation<H, N>' } });
const Void = t.enumOf(['sp_core', 'Void'], {});

export const Grandpa = definePallet({
  name: 'Grandpa',
  index: 4,
  crate: 'pallet_grandpa',
  storage: {
    State: value(StoredState, { default: { type: 'Live' }, docs: [' State of the current authority set.'] }),
    PendingChange: value(StoredPendingChange, { docs: [' Pending change: (signaled at, scheduled change).'] }),
    NextForced: value(t.u32, { docs: [' next block number where we can force a change.'] }),
    Stalled: value(t.tuple<[number, number]>(t.u32, t.u32), { docs: [' `true` if we are currently stalled.'] }),
    CurrentSetId: value(t.u64, { default: 0n, docs: [' The number of changes (both in terms of keys and underlying economic responsibilities)', ' in the "set" of Grandpa validators from genesis.'] }),
    SetIdSession: map('Twox64Concat', t.u64, t.u32, { docs: [' A mapping from grandpa set ID to the index of the *most recent* session for which its', ' members were responsible.'] }),
    Authorities: value(AuthorityList, { default: [], docs: [' The current list of authorities.'] }),
  },
  calls: {
    report_equivocation: call<{ equivocation_proof: any; key_owner_proof: any }>({
      index: 0, args: { equivocation_proof: EquivocationProof, key_owner_proof: Void },
      typeNames: { equivocation_proof: 'Box<EquivocationProof<T::Hash, BlockNumberFor<T>>>', key_owner_proof: 'T::KeyOwnerProof' },
      docs: [' Report voter equivocation/misbehavior.'],
      fn() { throw Grandpa.error('InvalidKeyOwnershipProof'); },
    }),
    report_equivocation_unsigned: call<{ equivocation_proof: any; key_owner_proof: any }>({
      index: 1, args: { equivocation_proof: EquivocationProof, key_owner_proof: Void },
      typeNames: { equivocation_proof: 'Box<EquivocationProof<T::Hash, BlockNumberFor<T>>>', key_owner_proof: 'T::KeyOwnerProof' },
      docs: [' Report voter equivocation/misbehavior (unsigned).'],
      fn(origin) { ensureNone(origin); throw Grandpa.error('InvalidKeyOwnershipProof'); },
    }),
    note_stalled: call<{ delay: number; best_finalized_block_number: number }>({
      index: 2, args: { delay: t.u32, best_finalized_block_number: t.u32 },
      typeNames: { delay: 'BlockNumberFor<T>', best_finalized_block_number: 'BlockNumberFor<T>' },
      docs: [' Note that the current authority set of the GRANDPA finality gadget has stalled.'],
      fn(origin, { delay, best_finalized_block_number }) {
        ensureRoot(origin);
        Grandpa.storage.Stalled.set([delay, best_finalized_block_number]);
      },
    }),
  },
  events: {
    NewAuthorities: { fields: { authority_set: AuthorityList }, typeNames: { authority_set: 'AuthorityList' }, docs: [' New authority set has been applied.'] },
    Paused: { docs: [' Current authority set has been paused.'] },
    Resumed: { docs: [' Current authority set has been resumed.'] },
  },
  errors: {
    PauseFailed: ' Attempt to signal GRANDPA pause when the authority set isn\'t live\n (either paused or already pending pause).',
    ResumeFailed: ' Attempt to signal GRANDPA resume when the authority set isn\'t paused\n (either live or already pending resume).',
    ChangePending: ' Attempt to signal GRANDPA change with one already pending.',
    TooSoon: ' Cannot signal forced change so soon after last.',
    InvalidKeyOwnershipProof: ' A key ownership proof provided as part of an equivocation report is invalid.',
    InvalidEquivocationProof: ' An equivocation proof provided as part of an equivocation report is invalid.',
    DuplicateOffenceReport: ' A given equivocation report is valid but already previously reported.',
  },
  constants: {
    MaxAuthorities: { type: t.u32, value: 32, docs: [' Max Authorities in use'] },
    MaxNominators: { type: t.u32, value: 20, docs: [' The maximum number of nominators for each validator.'] },
    MaxSetIdSessionEntries: { type: t.u64, value: 0n, docs: [' The maximum number of entries to keep in the set id to session index mapping.'] },
  },
  genesis(config: { grandpaAuthorities?: Uint8Array[] }) {
    Grandpa.storage.Authorities.set((config.grandpaAuthorities ?? []).map(k => [k, 1n] as [Uint8Array, bigint]));
    Grandpa.storage.CurrentSetId.set(0n);
    Grandpa.storage.SetIdSession.set(0n, 0);
  },
});
