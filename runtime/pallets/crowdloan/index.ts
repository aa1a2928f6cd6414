// pallet_crowdloan (index 27, subtensor HEAD pallets/crowdloan): a creator opens a crowdloan with a deposit, a cap
// and an end block; contributors send TAO to the crowdloan's funds account (PalletId "bt/cloan" sub-account of the
// id) until the cap is raised. The creator then finalizes it through exactly one route: the raised funds go to a
// target address, or a stored call (a Bounded RuntimeCall in Preimage) is dispatched with the creator's origin while
// CurrentCrowdloanId names the crowdloan (SubtensorModule's register_leased_network reads it). A crowdloan that does
// not finalize is refunded (RefundContributorsLimit contributors per call) and dissolved by its creator.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map, doubleMap } from '../../frame/storage.ts';
import { DispatchError, ensureSigned, signed, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { AccountId32, TaoBalance, PalletId, palletSubAccount, type AccountId } from '../../primitives.ts';
import { bytesEqual } from '../../codec/scale.ts';
import { blockNumber, incProviders, decProviders, DB_WEIGHT } from '../system/index.ts';
import { freeBalance, transfer } from '../balances/index.ts';
import { Bounded, bound, peek, dropBounded, type BoundedValue } from '../preimage/bounded.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';
import { runtimeConfig } from '../../config.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

export const CROWDLOAN_PALLET_ID = ascii('bt/cloan');
export const MINIMUM_DEPOSIT = 10_000_000_000n; // 10 TAO
export const ABSOLUTE_MINIMUM_CONTRIBUTION = 100_000_000n; // 0.1 TAO
export const REFUND_CONTRIBUTORS_LIMIT = 50;
export const MAX_CONTRIBUTORS = 500;
/** prod_or_fast!(50400, 50) and prod_or_fast!(432000, 20000): 7 and 60 days of 12 s blocks in production. */
export const minimumBlockDuration = (): number => (runtimeConfig.fastRuntime ? 50 : 50_400);
export const maximumBlockDuration = (): number => (runtimeConfig.fastRuntime ? 20_000 : 432_000);

export const CrowdloanInfo = t.struct(['pallet_crowdloan', 'CrowdloanInfo'], {
  creator: AccountId32, deposit: TaoBalance, min_contribution: TaoBalance, end: t.u32, cap: TaoBalance,
  funds_account: AccountId32, raised: TaoBalance, target_address: t.option(AccountId32), call: t.option(Bounded),
  finalized: t.bool, contributors_count: t.u32,
}, {
  params: [{ name: 'AccountId', type: AccountId32 }, { name: 'Balance', type: TaoBalance }, { name: 'BlockNumber', type: t.u32 }, { name: 'Call', type: Bounded }],
  typeNames: {
    creator: 'AccountId', deposit: 'Balance', min_contribution: 'Balance', end: 'BlockNumber', cap: 'Balance', funds_account: 'AccountId',
    raised: 'Balance', target_address: 'Option<AccountId>', call: 'Option<Call>', finalized: 'bool', contributors_count: 'u32',
  },
});
export interface CrowdloanInfoValue {
  creator: AccountId; deposit: bigint; min_contribution: bigint; end: number; cap: bigint; funds_account: AccountId;
  raised: bigint; target_address: AccountId | null; call: BoundedValue | null; finalized: boolean; contributors_count: number;
}

// pallet_crowdloan::weights::SubstrateWeight (RocksDbWeight).
const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
const w = (ref: bigint, proof: bigint, reads: bigint, writes: bigint): WeightValue => ({ refTime: ref + reads * R + writes * W, proofSize: proof });
const WEIGHTS = {
  create: w(59_829_000n, 6148n, 3n, 5n),
  contribute: w(66_609_000n, 6148n, 5n, 4n),
  withdraw: w(60_259_000n, 6148n, 4n, 4n),
  finalize: w(31_507_000n, 4_197_809n, 4n, 2n),
  refund: (k: number): WeightValue => {
    const n = BigInt(k);
    return { refTime: 110_703_000n + 39_503_253n * n + 2n * R + 2n * R * n + 2n * W * n, proofSize: 3747n + 2579n * n };
  },
  dissolve: w(66_939_000n, 6148n, 4n, 5n),
  updateMinContribution: w(13_259_000n, 3747n, 2n, 1n),
  updateEnd: w(12_048_000n, 3747n, 1n, 1n),
  updateCap: w(11_357_000n, 3747n, 1n, 1n),
  setMaxContribution: w(16_024_000n, 3747n, 2n, 1n),
};

/** The account holding a crowdloan's funds: PalletId("bt/cloan").into_sub_account_truncating(id). */
export const fundsAccount = (id: number): AccountId => palletSubAccount(CROWDLOAN_PALLET_ID, t.encode(t.u32, id));

const S = () => Crowdloan.storage;
const fail = (name: Parameters<typeof Crowdloan.error>[0]) => Crowdloan.error(name);

function ensureCrowdloanExists(id: number): CrowdloanInfoValue {
  const c = S().Crowdloans.get(id) as CrowdloanInfoValue | null;
  if (!c) throw fail('InvalidCrowdloanId');
  return c;
}

/** The end must lie after now, between MinimumBlockDuration and MaximumBlockDuration blocks away. */
function ensureValidEnd(now: number, end: number): void {
  if (!(now < end)) throw fail('CannotEndInPast');
  const duration = end - now;
  if (duration < minimumBlockDuration()) throw fail('BlockDurationTooShort');
  if (duration > maximumBlockDuration()) throw fail('BlockDurationTooLong');
}

/** Rejects anyone but the creator of a crowdloan that is not finalized (the update calls' common preamble). */
function creatorsOpenCrowdloan(who: AccountId, id: number): CrowdloanInfoValue {
  const c = ensureCrowdloanExists(id);
  if (c.finalized) throw fail('AlreadyFinalized');
  if (!bytesEqual(who, c.creator)) throw fail('InvalidOrigin');
  return c;
}

const put = (id: number, c: CrowdloanInfoValue) => S().Crowdloans.set(id, c);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** The crowdloan whose stored call finalize is dispatching right now, if any (CurrentCrowdloanId). */
export function crowdloanBeingFinalized(): { id: number; info: CrowdloanInfoValue } {
  const id = S().CurrentCrowdloanId.get();
  if (id === null) throw fail('InvalidCrowdloanId');
  const info = S().Crowdloans.get(id) as CrowdloanInfoValue | null;
  if (!info) throw fail('InvalidCrowdloanId');
  return { id, info };
}

/** Contributions of a crowdloan in storage (key) order. */
export const contributionsOf = (id: number): [AccountId, bigint][] => S().Contributions.iterPrefix(id);

const idArg = { crowdloan_id: t.compact(t.u32) };
const idName = { crowdloan_id: 'CrowdloanId' };

export const Crowdloan = definePallet({
  name: 'Crowdloan',
  index: 27,
  crate: 'pallet_crowdloan',
  storage: {
    Crowdloans: map('Twox64Concat', t.u32, CrowdloanInfo, { docs: [' A map of crowdloan ids to their information.'] }),
    NextCrowdloanId: value(t.u32, { default: 0, docs: [' The next incrementing crowdloan id.'] }),
    Contributions: doubleMap('Twox64Concat', t.u32, 'Identity', AccountId32, TaoBalance, {
      docs: [' A map of crowdloan ids to their contributors and their contributions.'],
    }),
    MaxContributions: map('Twox64Concat', t.u32, TaoBalance, {
      docs: [' A map of crowdloan ids to their optional maximum cumulative contribution per contributor.'],
    }),
    CurrentCrowdloanId: value(t.u32, {
      docs: [' The current crowdloan id that will be set during the finalize call, making it', ' temporarily accessible to the dispatched call.'],
    }),
    HasMigrationRun: map('Identity', t.bytes, t.bool, { default: false, docs: [' Storage for the migration run status.'] }),
  },
  calls: {
    create: call<{ deposit: bigint; min_contribution: bigint; cap: bigint; end: number; call: t.EnumValue | null; target_address: AccountId | null }>({
      index: 0,
      args: {
        deposit: t.compact(TaoBalance), min_contribution: t.compact(TaoBalance), cap: t.compact(TaoBalance), end: t.compact(t.u32),
        call: t.option(RuntimeCall), target_address: t.option(AccountId32),
      },
      typeNames: {
        deposit: 'BalanceOf<T>', min_contribution: 'BalanceOf<T>', cap: 'BalanceOf<T>', end: 'BlockNumberFor<T>',
        call: 'Option<Box<<T as Config>::RuntimeCall>>', target_address: 'Option<T::AccountId>',
      },
      // The base weight plus the stored call's own weight (the creator pays for its execution up front).
      weight: a => {
        const inner = a.call ? callInfo(a.call).weight : { refTime: 0n, proofSize: 0n };
        return { refTime: WEIGHTS.create.refTime + inner.refTime, proofSize: WEIGHTS.create.proofSize + inner.proofSize };
      },
      docs: [
        ' Create a crowdloan that will raise funds up to a maximum cap and if successful,',
        ' will either transfer funds to the target address or dispatch the call',
        ' (using creator origin). Exactly one of call or target address must be provided.',
      ],
      fn(origin, { deposit, min_contribution, cap, end, call: inner, target_address }) {
        const creator = ensureSigned(origin);
        const now = blockNumber();
        if (deposit < MINIMUM_DEPOSIT) throw fail('DepositTooLow');
        if (!(cap > deposit)) throw fail('CapTooLow');
        if (min_contribution < ABSOLUTE_MINIMUM_CONTRIBUTION) throw fail('MinimumContributionTooLow');
        if ((inner !== null) === (target_address !== null)) throw fail('InvalidFinalizationConfig');
        ensureValidEnd(now, end);
        if (freeBalance(creator) < deposit) throw fail('InsufficientBalance');

        const id = S().NextCrowdloanId.get();
        if (id === 0xffff_ffff) throw fail('Overflow');
        S().NextCrowdloanId.set(id + 1);
        const funds = fundsAccount(id);
        incProviders(funds);
        const stored = inner === null ? null : bound(inner);
        put(id, {
          creator, deposit, min_contribution, end, cap, funds_account: funds, raised: deposit, target_address,
          call: stored, finalized: false, contributors_count: 1,
        });
        transfer(creator, funds, deposit, false);
        S().Contributions.set(id, creator, deposit);
        Crowdloan.deposit('Created', { crowdloan_id: id, creator, end, cap });
      },
    }),
    contribute: call<{ crowdloan_id: number; amount: bigint }>({
      index: 1, args: { ...idArg, amount: t.compact(TaoBalance) }, typeNames: { ...idName, amount: 'BalanceOf<T>' },
      weight: WEIGHTS.contribute,
      docs: [' Contribute to an active crowdloan.'],
      fn(origin, { crowdloan_id: id, amount: requested }) {
        const contributor = ensureSigned(origin);
        const now = blockNumber();
        const c = ensureCrowdloanExists(id);
        if (!(now < c.end)) throw fail('ContributionPeriodEnded');
        if (!(c.raised < c.cap)) throw fail('CapRaised');
        if (requested < c.min_contribution) throw fail('ContributionTooLow');
        if (!(c.contributors_count < MAX_CONTRIBUTORS)) throw fail('MaxContributorsReached');
        const leftToRaise = c.cap - c.raised;
        // The request must meet the minimum, but what is accepted may be less: what is left before the cap or
        // before the contributor's maximum.
        const current = S().Contributions.get(id, contributor);
        let amount = min(requested, leftToRaise);
        const max = S().MaxContributions.get(id);
        if (max !== null) {
          const mine = current ?? 0n;
          if (!(mine < max)) throw fail('MaxContributionReached');
          amount = min(amount, max - mine);
        }
        c.raised += amount;
        if (current === null) c.contributors_count += 1;
        const total = (current ?? 0n) + amount;
        if (freeBalance(contributor) < amount) throw fail('InsufficientBalance');
        transfer(contributor, c.funds_account, amount, false);
        S().Contributions.set(id, contributor, total);
        put(id, c);
        Crowdloan.deposit('Contributed', { crowdloan_id: id, contributor, amount });
      },
    }),
    withdraw: call<{ crowdloan_id: number }>({
      index: 2, args: idArg, typeNames: idName, weight: WEIGHTS.withdraw,
      docs: [' Withdraw a contribution from an active (not yet finalized or dissolved) crowdloan.', '', ' Only contributions over the deposit can be withdrawn by the creator.'],
      fn(origin, { crowdloan_id: id }) {
        const who = ensureSigned(origin);
        const c = ensureCrowdloanExists(id);
        if (c.finalized) throw fail('AlreadyFinalized');
        let amount = S().Contributions.get(id, who) ?? 0n;
        if (amount === 0n) throw fail('NoContribution');
        if (bytesEqual(who, c.creator)) {
          // The creator keeps the deposit in.
          amount = amount > c.deposit ? amount - c.deposit : 0n;
          if (amount === 0n) throw fail('DepositCannotBeWithdrawn');
          S().Contributions.set(id, who, c.deposit);
        } else {
          S().Contributions.remove(id, who);
          if (c.contributors_count === 0) throw fail('Underflow');
          c.contributors_count -= 1;
        }
        transfer(c.funds_account, who, amount, false);
        c.raised = c.raised > amount ? c.raised - amount : 0n;
        put(id, c);
        Crowdloan.deposit('Withdrew', { crowdloan_id: id, contributor: who, amount });
      },
    }),
    finalize: call<{ crowdloan_id: number }>({
      index: 3, args: idArg, typeNames: idName, weight: WEIGHTS.finalize,
      docs: [' Finalize crowdloan that has reached the cap.'],
      fn(origin, { crowdloan_id: id }) {
        const who = ensureSigned(origin);
        const c = ensureCrowdloanExists(id);
        if (!bytesEqual(who, c.creator)) throw fail('InvalidOrigin');
        if (c.raised !== c.cap) throw fail('CapNotRaised');
        if (c.finalized) throw fail('AlreadyFinalized');
        if (c.call !== null && c.target_address === null) {
          S().CurrentCrowdloanId.set(id);
          const stored = peek(c.call);
          if (!stored) {
            dropBounded(c.call);
            throw fail('CallUnavailable');
          }
          // Dispatched with the creator's origin (through the base call filter); its error fails the finalize.
          const { error } = dispatchCall(signed(who), stored.call);
          if (error) throw new DispatchError(error);
          S().CurrentCrowdloanId.kill();
        } else if (c.call === null && c.target_address !== null) {
          transfer(c.funds_account, c.target_address, c.raised, false);
        } else {
          throw fail('InvalidFinalizationConfig');
        }
        c.finalized = true;
        put(id, c);
        Crowdloan.deposit('Finalized', { crowdloan_id: id });
      },
    }),
    refund: call<{ crowdloan_id: number }>({
      index: 4, args: idArg, typeNames: idName, weight: WEIGHTS.refund(REFUND_CONTRIBUTORS_LIMIT),
      docs: [' Refund contributors of a non-finalized crowdloan.'],
      fn(origin, { crowdloan_id: id }) {
        const who = ensureSigned(origin);
        const c = ensureCrowdloanExists(id);
        if (c.finalized) throw fail('AlreadyFinalized');
        if (!bytesEqual(who, c.creator)) throw fail('InvalidOrigin');
        const refunded: AccountId[] = [];
        let allRefunded = true;
        for (const [contributor, amount] of contributionsOf(id)) {
          if (bytesEqual(contributor, c.creator)) continue;
          if (refunded.length >= REFUND_CONTRIBUTORS_LIMIT) { allRefunded = false; break; }
          transfer(c.funds_account, contributor, amount, false);
          refunded.push(contributor);
          c.raised = c.raised > amount ? c.raised - amount : 0n;
        }
        if (c.contributors_count < refunded.length) throw fail('Underflow');
        c.contributors_count -= refunded.length;
        put(id, c);
        for (const contributor of refunded) S().Contributions.remove(id, contributor);
        if (allRefunded) {
          Crowdloan.deposit('AllRefunded', { crowdloan_id: id });
          return { actualWeight: WEIGHTS.refund(refunded.length) };
        }
        Crowdloan.deposit('PartiallyRefunded', { crowdloan_id: id });
      },
    }),
    dissolve: call<{ crowdloan_id: number }>({
      index: 5, args: idArg, typeNames: idName, weight: WEIGHTS.dissolve,
      docs: [' Dissolve a crowdloan.', '', ' The crowdloan will be removed from the storage.'],
      fn(origin, { crowdloan_id: id }) {
        const who = ensureSigned(origin);
        const c = ensureCrowdloanExists(id);
        if (c.finalized) throw fail('AlreadyFinalized');
        if (!bytesEqual(who, c.creator)) throw fail('InvalidOrigin');
        const creatorContribution = S().Contributions.get(id, c.creator);
        if (creatorContribution === null) throw fail('NoContribution');
        if (creatorContribution !== c.raised) throw fail('NotReadyToDissolve');
        transfer(c.funds_account, c.creator, creatorContribution, false);
        S().Contributions.remove(id, c.creator);
        if (c.call !== null) dropBounded(c.call);
        decProviders(c.funds_account);
        S().Crowdloans.remove(id);
        S().MaxContributions.remove(id);
        Crowdloan.deposit('Dissolved', { crowdloan_id: id });
      },
    }),
    update_min_contribution: call<{ crowdloan_id: number; new_min_contribution: bigint }>({
      index: 6, args: { ...idArg, new_min_contribution: t.compact(TaoBalance) }, typeNames: { ...idName, new_min_contribution: 'BalanceOf<T>' },
      weight: WEIGHTS.updateMinContribution,
      docs: [' Update the minimum contribution of a non-finalized crowdloan.'],
      fn(origin, { crowdloan_id: id, new_min_contribution }) {
        const c = creatorsOpenCrowdloan(ensureSigned(origin), id);
        if (new_min_contribution < ABSOLUTE_MINIMUM_CONTRIBUTION) throw fail('MinimumContributionTooLow');
        const max = S().MaxContributions.get(id);
        if (max !== null && new_min_contribution > max) throw fail('MinimumContributionTooHigh');
        c.min_contribution = new_min_contribution;
        put(id, c);
        Crowdloan.deposit('MinContributionUpdated', { crowdloan_id: id, new_min_contribution });
      },
    }),
    update_end: call<{ crowdloan_id: number; new_end: number }>({
      index: 7, args: { ...idArg, new_end: t.compact(t.u32) }, typeNames: { ...idName, new_end: 'BlockNumberFor<T>' },
      weight: WEIGHTS.updateEnd,
      docs: [' Update the end block of a non-finalized crowdloan.'],
      fn(origin, { crowdloan_id: id, new_end }) {
        const c = creatorsOpenCrowdloan(ensureSigned(origin), id);
        ensureValidEnd(blockNumber(), new_end);
        c.end = new_end;
        put(id, c);
        Crowdloan.deposit('EndUpdated', { crowdloan_id: id, new_end });
      },
    }),
    update_cap: call<{ crowdloan_id: number; new_cap: bigint }>({
      index: 8, args: { ...idArg, new_cap: t.compact(TaoBalance) }, typeNames: { ...idName, new_cap: 'BalanceOf<T>' },
      weight: WEIGHTS.updateCap,
      docs: [' Update the cap of a non-finalized crowdloan.'],
      fn(origin, { crowdloan_id: id, new_cap }) {
        const c = creatorsOpenCrowdloan(ensureSigned(origin), id);
        if (new_cap < c.raised) throw fail('CapTooLow');
        c.cap = new_cap;
        put(id, c);
        Crowdloan.deposit('CapUpdated', { crowdloan_id: id, new_cap });
      },
    }),
    set_max_contribution: call<{ crowdloan_id: number; new_max_contribution: bigint | null }>({
      index: 9, args: { ...idArg, new_max_contribution: t.option(TaoBalance) }, typeNames: { ...idName, new_max_contribution: 'Option<BalanceOf<T>>' },
      weight: WEIGHTS.setMaxContribution,
      docs: [' Set or clear the maximum cumulative contribution allowed per contributor', ' for a non-finalized crowdloan.'],
      fn(origin, { crowdloan_id: id, new_max_contribution }) {
        const c = creatorsOpenCrowdloan(ensureSigned(origin), id);
        if (new_max_contribution !== null) {
          const creatorContribution = S().Contributions.get(id, c.creator) ?? 0n;
          if (!(new_max_contribution >= c.min_contribution && new_max_contribution >= creatorContribution)) throw fail('MaximumContributionTooLow');
          S().MaxContributions.set(id, new_max_contribution);
        } else {
          S().MaxContributions.remove(id);
        }
        Crowdloan.deposit('MaxContributionUpdated', { crowdloan_id: id, new_max_contribution });
      },
    }),
  },
  events: {
    Created: {
      fields: { crowdloan_id: t.u32, creator: AccountId32, end: t.u32, cap: TaoBalance },
      typeNames: { crowdloan_id: 'CrowdloanId', creator: 'T::AccountId', end: 'BlockNumberFor<T>', cap: 'BalanceOf<T>' },
      docs: [' A crowdloan was created.'],
    },
    Contributed: {
      fields: { crowdloan_id: t.u32, contributor: AccountId32, amount: TaoBalance },
      typeNames: { crowdloan_id: 'CrowdloanId', contributor: 'T::AccountId', amount: 'BalanceOf<T>' },
      docs: [' A contribution was made to an active crowdloan.'],
    },
    Withdrew: {
      fields: { crowdloan_id: t.u32, contributor: AccountId32, amount: TaoBalance },
      typeNames: { crowdloan_id: 'CrowdloanId', contributor: 'T::AccountId', amount: 'BalanceOf<T>' },
      docs: [' A contribution was withdrawn from a failed crowdloan.'],
    },
    PartiallyRefunded: { fields: { crowdloan_id: t.u32 }, typeNames: idName, docs: [' A refund was partially processed for a failed crowdloan.'] },
    AllRefunded: { fields: { crowdloan_id: t.u32 }, typeNames: idName, docs: [' A refund was fully processed for a failed crowdloan.'] },
    Finalized: { fields: { crowdloan_id: t.u32 }, typeNames: idName, docs: [' A crowdloan was finalized, funds were transferred and the call was dispatched.'] },
    Dissolved: { fields: { crowdloan_id: t.u32 }, typeNames: idName, docs: [' A crowdloan was dissolved.'] },
    MinContributionUpdated: {
      fields: { crowdloan_id: t.u32, new_min_contribution: TaoBalance },
      typeNames: { crowdloan_id: 'CrowdloanId', new_min_contribution: 'BalanceOf<T>' },
      docs: [' The minimum contribution was updated.'],
    },
    EndUpdated: {
      fields: { crowdloan_id: t.u32, new_end: t.u32 }, typeNames: { crowdloan_id: 'CrowdloanId', new_end: 'BlockNumberFor<T>' },
      docs: [' The end was updated.'],
    },
    CapUpdated: {
      fields: { crowdloan_id: t.u32, new_cap: TaoBalance }, typeNames: { crowdloan_id: 'CrowdloanId', new_cap: 'BalanceOf<T>' },
      docs: [' The cap was updated.'],
    },
    MaxContributionUpdated: {
      fields: { crowdloan_id: t.u32, new_max_contribution: t.option(TaoBalance) },
      typeNames: { crowdloan_id: 'CrowdloanId', new_max_contribution: 'Option<BalanceOf<T>>' },
      docs: [' The maximum contribution was updated.'],
    },
  },
  errors: {
    DepositTooLow: ' The crowdloan initial deposit is too low.',
    CapTooLow: ' The crowdloan cap is too low.',
    MinimumContributionTooLow: ' The minimum contribution is too low.',
    CannotEndInPast: ' The crowdloan cannot end in the past.',
    BlockDurationTooShort: ' The crowdloan block duration is too short.',
    BlockDurationTooLong: ' The block duration is too long.',
    InsufficientBalance: ' The account does not have enough balance to pay for the initial deposit/contribution.',
    Overflow: ' An overflow occurred.',
    InvalidCrowdloanId: ' The crowdloan id is invalid.',
    CapRaised: ' The crowdloan cap has been fully raised.',
    ContributionPeriodEnded: ' The contribution period has ended.',
    ContributionTooLow: ' The contribution is too low.',
    InvalidOrigin: ' The origin of this call is invalid.',
    AlreadyFinalized: ' The crowdloan has already been finalized.',
    ContributionPeriodNotEnded: ' The crowdloan contribution period has not ended yet.',
    NoContribution: ' The contributor has no contribution for this crowdloan.',
    CapNotRaised: ' The crowdloan cap has not been raised.',
    Underflow: ' An underflow occurred.',
    CallUnavailable: ' Call to dispatch was not found in the preimage storage.',
    NotReadyToDissolve: ' The crowdloan is not ready to be dissolved, it still has contributions.',
    DepositCannotBeWithdrawn: ' The deposit cannot be withdrawn from the crowdloan.',
    MaxContributorsReached: ' The maximum number of contributors has been reached.',
    InvalidFinalizationConfig: ' Exactly one of call or target address must be provided.',
    MaxContributionReached: ' The contributor has already reached the maximum contribution.',
    MaximumContributionTooLow: ' The maximum contribution is too low.',
    MinimumContributionTooHigh: ' The minimum contribution is too high.',
  },
  constants: {
    PalletId: { type: PalletId, value: CROWDLOAN_PALLET_ID, docs: [' The pallet id that will be used to derive crowdloan account ids.'] },
    MinimumDeposit: { type: TaoBalance, value: MINIMUM_DEPOSIT, docs: [' The minimum deposit required to create a crowdloan.'] },
    AbsoluteMinimumContribution: { type: TaoBalance, value: ABSOLUTE_MINIMUM_CONTRIBUTION, docs: [' The absolute minimum contribution required to contribute to a crowdloan.'] },
    MinimumBlockDuration: { type: t.u32, get value() { return minimumBlockDuration(); }, docs: [' The minimum block duration for a crowdloan.'] },
    MaximumBlockDuration: { type: t.u32, get value() { return maximumBlockDuration(); }, docs: [' The maximum block duration for a crowdloan.'] },
    RefundContributorsLimit: { type: t.u32, value: REFUND_CONTRIBUTORS_LIMIT, docs: [' The maximum number of contributors that can be refunded in a single refund.'] },
    MaxContributors: { type: t.u32, value: MAX_CONTRIBUTORS },
  },
});

