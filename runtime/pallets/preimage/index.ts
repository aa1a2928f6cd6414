// pallet_preimage (index 14): stores byte blobs by their blake2-256 hash. A signed account noting an unrequested
// preimage holds a deposit (HEAD: HoldConsideration, deposit(2, 64) + deposit(0, 1) per byte, reason
// Preimage); Root notes and requests for free. The scheduler stores calls longer than 128 bytes here (bound / peek /
// drop below) and requests them while scheduled.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { map } from '../../frame/storage.ts';
import { ensureRoot, ensureSigned, type Origin, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { AccountId32, H256, type AccountId } from '../../primitives.ts';
import { bytesEqual } from '../../codec/scale.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { DB_WEIGHT } from '../system/index.ts';
import { storageDeposit, holdFunds, releaseHeld } from '../balances/index.ts';

export const MAX_SIZE = 4 * 1024 * 1024;
export const PREIMAGE_BASE_DEPOSIT = storageDeposit(2n, 64n);
export const PREIMAGE_BYTE_DEPOSIT = storageDeposit(0n, 1n);
const MAX_HASH_UPGRADE_BULK_COUNT = 1024;
const HOLD_REASON = { type: 'Preimage', value: { type: 'Preimage' } };

/** HoldConsideration: the amount held. */
const Ticket = t.newtype(['frame_support', 'traits', 'tokens', 'fungible', 'HoldConsideration'], t.u64, 'F::Balance',
  [{ name: 'A', type: undefined }, { name: 'F', type: undefined }, { name: 'R', type: undefined }, { name: 'D', type: undefined }, { name: 'Fp', type: undefined }]);
const Owned = t.tuple<[AccountId, bigint]>(AccountId32, Ticket);
type OwnedValue = [AccountId, bigint];
const RequestStatus = t.enumOf(['pallet_preimage', 'RequestStatus'], {
  Unrequested: { fields: { ticket: Owned, len: t.u32 }, typeNames: { ticket: '(AccountId, Ticket)', len: 'u32' } },
  Requested: { fields: { maybe_ticket: t.option(Owned), count: t.u32, maybe_len: t.option(t.u32) }, typeNames: { maybe_ticket: 'Option<(AccountId, Ticket)>', count: 'u32', maybe_len: 'Option<u32>' } },
}, { params: [{ name: 'AccountId', type: AccountId32 }, { name: 'Ticket', type: Ticket }] });
const OldRequestStatus = t.enumOf(['pallet_preimage', 'OldRequestStatus'], {
  Unrequested: { fields: { deposit: t.tuple(AccountId32, t.u64), len: t.u32 }, typeNames: { deposit: '(AccountId, Balance)', len: 'u32' } },
  Requested: { fields: { deposit: t.option(t.tuple(AccountId32, t.u64)), count: t.u32, len: t.option(t.u32) }, typeNames: { deposit: 'Option<(AccountId, Balance)>', count: 'u32', len: 'Option<u32>' } },
}, { params: [{ name: 'AccountId', type: AccountId32 }, { name: 'Balance', type: t.u64 }] });

type Status =
  | { type: 'Unrequested'; value: { ticket: OwnedValue; len: number } }
  | { type: 'Requested'; value: { maybe_ticket: OwnedValue | null; count: number; maybe_len: number | null } };

// pallet_preimage::weights::SubstrateWeight (RocksDbWeight).
const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
const w = (ref: bigint, proof: bigint): WeightValue => ({ refTime: ref, proofSize: proof });
const WEIGHTS = {
  notePreimage: (s: number) => w(129_485_531n + 2_133n * BigInt(s) + 5n * R + 3n * W, 6012n),
  unnotePreimage: w(57_648_000n + 3n * R + 3n * W, 3802n),
  requestPreimage: w(25_485_000n + 2n * R + W, 3556n),
  unrequestPreimage: w(25_369_000n + 2n * R + 2n * W, 3556n),
  ensureUpdated: (n: number) => w(61_821_000n + 58_427_064n * BigInt(n) + 2n * R + 3n * R * BigInt(n) + 4n * W * BigInt(n), 6012n + 2812n * BigInt(n)),
};

/** Root is the ManagerOrigin (no deposit); any signed account may note and unnote its own. */
function signedOrManager(origin: Origin): AccountId | null {
  if (origin.kind === 'Root') return null;
  return ensureSigned(origin);
}

const status = (hash: Uint8Array) => Preimage.storage.RequestStatusFor.get(hash) as Status | null;
const setStatus = (hash: Uint8Array, s: Status) => Preimage.storage.RequestStatusFor.set(hash, s);

/** note_bytes: stores `bytes`; a depositor of an unrequested preimage holds the deposit. Returns whether it was
 *  requested (then no fee) and its hash. */
export function noteBytes(bytes: Uint8Array, depositor: AccountId | null): { requested: boolean; hash: Uint8Array } {
  const hash = blake2_256(bytes);
  const len = bytes.length;
  if (len > MAX_SIZE) throw Preimage.error('TooBig');
  const cur = status(hash);
  let next: Status;
  if (cur?.type === 'Requested') next = { type: 'Requested', value: { ...cur.value, maybe_len: len } };
  else if (cur?.type === 'Unrequested') {
    if (depositor) throw Preimage.error('AlreadyNoted');
    next = { type: 'Requested', value: { maybe_ticket: cur.value.ticket, count: 1, maybe_len: cur.value.len } };
  } else if (!depositor) next = { type: 'Requested', value: { maybe_ticket: null, count: 1, maybe_len: len } };
  else {
    const amount = PREIMAGE_BASE_DEPOSIT + PREIMAGE_BYTE_DEPOSIT * BigInt(len);
    holdFunds(HOLD_REASON, depositor, amount);
    next = { type: 'Unrequested', value: { ticket: [depositor, amount], len } };
  }
  setStatus(hash, next);
  Preimage.storage.PreimageFor.set([hash, len], bytes);
  Preimage.deposit('Noted', { hash });
  return { requested: next.type === 'Requested', hash };
}

/** do_request_preimage: counts one more request; the first emits Requested. */
export function requestPreimage(hash: Uint8Array): void {
  const cur = status(hash);
  let next: Status['value'] & { count: number };
  if (!cur) next = { maybe_ticket: null, count: 1, maybe_len: null };
  else if (cur.type === 'Requested') next = { ...cur.value, count: cur.value.count + 1 };
  else next = { maybe_ticket: cur.value.ticket, count: 1, maybe_len: cur.value.len };
  setStatus(hash, { type: 'Requested', value: next as any });
  if (next.count === 1) Preimage.deposit('Requested', { hash });
}

/** do_unrequest_preimage. */
export function unrequestPreimage(hash: Uint8Array): void {
  const cur = status(hash);
  if (!cur || cur.type === 'Unrequested') throw Preimage.error('NotRequested');
  const { count, maybe_len, maybe_ticket } = cur.value;
  if (count > 1) { setStatus(hash, { type: 'Requested', value: { maybe_ticket, count: count - 1, maybe_len } }); return; }
  if (maybe_len === null) Preimage.storage.RequestStatusFor.remove(hash);
  else if (maybe_ticket === null) {
    Preimage.storage.PreimageFor.remove([hash, maybe_len]);
    Preimage.storage.RequestStatusFor.remove(hash);
    Preimage.deposit('Cleared', { hash });
  } else setStatus(hash, { type: 'Unrequested', value: { ticket: maybe_ticket, len: maybe_len } });
}

function unnotePreimage(hash: Uint8Array, owner: AccountId | null): void {
  const cur = status(hash);
  if (!cur) throw Preimage.error('NotNoted');
  if (cur.type === 'Requested') {
    const ticket = cur.value.maybe_ticket;
    if (ticket) {
      if (owner && !bytesEqual(owner, ticket[0])) throw Preimage.error('NotAuthorized');
      releaseHeld(HOLD_REASON, ticket[0], ticket[1]);
      setStatus(hash, { type: 'Requested', value: { ...cur.value, maybe_ticket: null } });
      return;
    }
    if (owner) throw Preimage.error('NotAuthorized');
    unrequestPreimage(hash);
    return;
  }
  const [who, amount] = cur.value.ticket;
  if (owner && !bytesEqual(owner, who)) throw Preimage.error('NotAuthorized');
  releaseHeld(HOLD_REASON, who, amount);
  Preimage.storage.RequestStatusFor.remove(hash);
  Preimage.storage.PreimageFor.remove([hash, cur.value.len]);
  Preimage.deposit('Cleared', { hash });
}

/** The stored bytes of `hash` (of length `len`, or the noted length), or null. */
export function fetchPreimage(hash: Uint8Array, len: number | null): Uint8Array | null {
  let l = len;
  if (l === null) {
    const s = status(hash);
    l = s?.type === 'Requested' ? s.value.maybe_len : s?.type === 'Unrequested' ? s.value.len : null;
  }
  if (l === null) return null;
  return Preimage.storage.PreimageFor.get([hash, l]);
}

const hashArg = { hash: H256 };
const hashName = { hash: 'T::Hash' };

export const Preimage = definePallet({
  name: 'Preimage',
  index: 14,
  crate: 'pallet_preimage',
  storage: {
    StatusFor: map('Identity', H256, OldRequestStatus, { docs: [' The request status of a given hash.'] }),
    RequestStatusFor: map('Identity', H256, RequestStatus, { docs: [' The request status of a given hash.'] }),
    PreimageFor: map('Identity', t.tuple<[Uint8Array, number]>(H256, t.u32), t.bytes),
  },
  calls: {
    note_preimage: call<{ bytes: Uint8Array }>({
      index: 0, args: { bytes: t.bytes }, typeNames: { bytes: 'Vec<u8>' },
      weight: a => WEIGHTS.notePreimage(a.bytes.length),
      docs: [' Register a preimage on-chain.'],
      fn(origin, { bytes }) {
        const sender = signedOrManager(origin);
        const { requested } = noteBytes(bytes, sender);
        return { paysFee: requested || sender === null ? 'No' : 'Yes' };
      },
    }),
    unnote_preimage: call<{ hash: Uint8Array }>({
      index: 1, args: hashArg, typeNames: hashName, weight: WEIGHTS.unnotePreimage,
      docs: [' Clear an unrequested preimage from the runtime storage.'],
      fn(origin, { hash }) { unnotePreimage(hash, signedOrManager(origin)); },
    }),
    request_preimage: call<{ hash: Uint8Array }>({
      index: 2, args: hashArg, typeNames: hashName, weight: WEIGHTS.requestPreimage,
      docs: [' Request a preimage be uploaded to the chain without paying any fees or deposits.'],
      fn(origin, { hash }) { ensureRoot(origin); requestPreimage(hash); },
    }),
    unrequest_preimage: call<{ hash: Uint8Array }>({
      index: 3, args: hashArg, typeNames: hashName, weight: WEIGHTS.unrequestPreimage,
      docs: [' Clear a previously made request for a preimage.'],
      fn(origin, { hash }) { ensureRoot(origin); unrequestPreimage(hash); },
    }),
    ensure_updated: call<{ hashes: Uint8Array[] }>({
      index: 4, args: { hashes: t.vec(H256) }, typeNames: { hashes: 'Vec<T::Hash>' },
      weight: a => WEIGHTS.ensureUpdated(a.hashes.length),
      docs: [' Ensure that the bulk of pre-images is upgraded.'],
      fn(origin, { hashes }) {
        ensureSigned(origin);
        if (hashes.length === 0) throw Preimage.error('TooFew');
        if (hashes.length > MAX_HASH_UPGRADE_BULK_COUNT) throw Preimage.error('TooMany');
        // No old-format (StatusFor) entries exist on this chain, so nothing is ever updated: the caller pays.
        return { paysFee: 'Yes' };
      },
    }),
  },
  events: {
    Noted: { fields: hashArg, typeNames: hashName, docs: [' A preimage has been noted.'] },
    Requested: { fields: hashArg, typeNames: hashName, docs: [' A preimage has been requested.'] },
    Cleared: { fields: hashArg, typeNames: hashName, docs: [' A preimage has ben cleared.'] },
  },
  errors: {
    TooBig: ' Preimage is too large to store on-chain.',
    AlreadyNoted: ' Preimage has already been noted on-chain.',
    NotAuthorized: ' The user is not authorized to perform this action.',
    NotNoted: ' The preimage cannot be removed since it has not yet been noted.',
    Requested: ' A preimage may not be removed when there are outstanding requests.',
    NotRequested: ' The preimage request cannot be removed since no outstanding requests exist.',
    TooMany: ' More than `MAX_HASH_UPGRADE_BULK_COUNT` hashes were requested to be upgraded at once.',
    TooFew: ' Too few hashes were requested to be upgraded (i.e. zero).',
  },
});

