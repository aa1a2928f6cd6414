// Subnet leasing (HEAD subnets/leasing.rs): a crowdloan whose stored call is `register_leased_network` registers a
// subnet owned by a keyless lease coldkey (with a keyless lease hotkey), paid from the raised funds; the crowdloan's
// creator becomes the beneficiary, operating the subnet through a SubnetLeaseBeneficiary proxy, and every other
// contributor holds a share (contribution / raised) of the contributors' part of the owner cut, paid as stake on
// the lease hotkey every LeaseDividendsDistributionInterval blocks. What the registration did not spend is refunded
// by the same shares (the beneficiary takes the rounding rest). After an end block the beneficiary may terminate
// the lease and take the subnet over.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { DispatchError, ensureSigned, signed, type Origin, type Weight } from '../../../frame/dispatch.ts';
import { AccountId32, Percent, type AccountId } from '../../../primitives.ts';
import { blake2_256 } from '../../../crypto/hashing.ts';
import { concatBytes } from '../../../codec/scale.ts';
import { state } from '../../../frame/externalities.ts';
import { blockNumber, incProviders, decProviders, DB_WEIGHT } from '../../system/index.ts';
import { freeBalance, transfer } from '../../balances/index.ts';
import { addProxyDelegate, removeProxyDelegate } from '../../proxy/index.ts';
import { crowdloanBeingFinalized, contributionsOf, MAX_CONTRIBUTORS } from '../../crowdloan/index.ts';
import { subnetStorage as S, type SubnetLeaseValue } from './storage.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { subtensorConstants } from '../constants.ts';
import { ensure, emit, err, eqBytes, coldkeyOwnsHotkey, subnetOfAccount } from './helpers.ts';
import { doRegisterNetwork } from './subnets.ts';
import { transferStakeWithinSubnet } from '../staking/calls.ts';

const LEASE_BENEFICIARY_PROXY: t.EnumValue = { type: 'SubnetLeaseBeneficiary' };

/** ("leasing/coldkey" | "leasing/hotkey", lease_id).using_encoded(blake2_256): the keyless lease accounts. */
function leaseAccount(kind: 'coldkey' | 'hotkey', leaseId: number): AccountId {
  return blake2_256(concatBytes(t.encode(t.bytes, new TextEncoder().encode(`leasing/${kind}`)), t.encode(t.u32, leaseId)));
}
export const leaseColdkey = (leaseId: number) => leaseAccount('coldkey', leaseId);
export const leaseHotkey = (leaseId: number) => leaseAccount('hotkey', leaseId);

// SubnetLeasingWeightInfo (the post-dispatch weights for k contributors / shareholders).
const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
function registerWeight(k: number): Weight {
  const n = BigInt(k);
  return { refTime: 301_560_714n + 26_884_006n * n + (41n + 2n * n) * R + (55n + 2n * n) * W, proofSize: 10_079n + 2_579n * n };
}
function terminateWeight(k: number): Weight {
  const n = BigInt(k);
  return { refTime: 56_635_122n + 912_993n * n + (4n + n) * R + (6n + n) * W, proofSize: 6_148n + 2_529n * n };
}

/** U64F64 bits of a / b (substrate_fixed division, truncated). */
const shareBits = (a: bigint, b: bigint): bigint => (a << 64n) / b;
/** floor / ceil of a U64F64 share times an integer. */
const mulFloor = (bits: bigint, x: bigint): bigint => (bits * x) >> 64n;
const mulCeil = (bits: bigint, x: bigint): bigint => (bits * x + (1n << 64n) - 1n) >> 64n;
/** Percent::mul_ceil. */
const percentMulCeil = (percent: number, x: bigint): bigint => (x * BigInt(percent) + 99n) / 100n;

/** do_register_leased_network (dispatched by a crowdloan's finalize, with the crowdloan's creator as origin). */
export function doRegisterLeasedNetwork(origin: Origin, emissionsShare: number, endBlock: number | null): { actualWeight: Weight } | void {
  const who = ensureSigned(origin);
  const now = blockNumber();
  const { id: crowdloanId, info: crowdloan } = crowdloanBeingFinalized();
  ensure(eqBytes(who, crowdloan.creator), 'InvalidLeaseBeneficiary');
  if (endBlock !== null) ensure(endBlock > now, 'LeaseCannotEndInThePast');

  const leaseId = S.NextSubnetLeaseId.get();
  if (leaseId === 0xffff_ffff) throw err('Overflow');
  S.NextSubnetLeaseId.set(leaseId + 1);
  const coldkey = leaseColdkey(leaseId), hotkey = leaseHotkey(leaseId);
  incProviders(coldkey);
  incProviders(hotkey);
  transfer(crowdloan.funds_account, coldkey, crowdloan.raised, false);
  doRegisterNetwork(signed(coldkey), hotkey, null);
  const owned = S.SubnetOwner.entries().find(([, owner]) => eqBytes(owner, coldkey));
  if (!owned) throw err('LeaseNetuidNotFound');
  const netuid = owned[0];
  addProxyDelegate(coldkey, who, LEASE_BENEFICIARY_PROXY, 0);

  // What registration and the proxy deposit left over is refunded; the difference is the lease's cost.
  const leftover = freeBalance(coldkey);
  const cost = crowdloan.raised > leftover ? crowdloan.raised - leftover : 0n;
  const lease: SubnetLeaseValue = { beneficiary: who, coldkey, hotkey, emissions_share: emissionsShare, end_block: endBlock, netuid, cost };
  S.SubnetLeases.set(leaseId, lease);
  S.SubnetUidToLeaseId.set(netuid, leaseId);
  // A 0 % take: the contributors' dividends reach them whole.
  K.Delegates.set(hotkey, 0);

  let refunded = 0n;
  for (const [contributor, amount] of contributionsOf(crowdloanId)) {
    if (eqBytes(contributor, who)) continue; // the beneficiary's share is the rest, computed as dividends are paid
    const share = shareBits(amount, crowdloan.raised);
    S.SubnetLeaseShares.set(leaseId, contributor, { bits: share });
    const refund = mulFloor(share, leftover);
    transfer(coldkey, contributor, refund, false);
    refunded += refund;
  }
  transfer(coldkey, who, leftover > refunded ? leftover - refunded : 0n, false);
  emit('SubnetLeaseCreated', { beneficiary: who, lease_id: leaseId, netuid, end_block: endBlock });
  if (crowdloan.contributors_count < MAX_CONTRIBUTORS) return { actualWeight: registerWeight(crowdloan.contributors_count) };
}

/** do_terminate_lease: after its end block the beneficiary takes the subnet over with one of its hotkeys. */
export function doTerminateLease(origin: Origin, leaseId: number, hotkey: AccountId): { actualWeight: Weight } | void {
  const who = ensureSigned(origin);
  const now = blockNumber();
  const lease = S.SubnetLeases.get(leaseId) as SubnetLeaseValue | null;
  if (!lease) throw err('LeaseDoesNotExist');
  ensure(eqBytes(lease.beneficiary, who), 'ExpectedBeneficiaryOrigin');
  if (lease.end_block === null) throw err('LeaseHasNoEndBlock');
  ensure(now >= lease.end_block, 'LeaseHasNotEnded');
  ensure(coldkeyOwnsHotkey(lease.beneficiary, hotkey), 'BeneficiaryDoesNotOwnHotkey');
  S.SubnetOwner.set(lease.netuid, lease.beneficiary);
  // set_subnet_owner_hotkey
  ensure(subnetOfAccount(hotkey) === null, 'CannotUseSystemAccount');
  S.SubnetOwnerHotkey.set(lease.netuid, hotkey);
  emit('SubnetOwnerHotkeySet', [lease.netuid, hotkey]);

  decProviders(lease.coldkey);
  decProviders(lease.hotkey);
  const shareholders = S.SubnetLeaseShares.iterPrefix(leaseId).slice(0, MAX_CONTRIBUTORS);
  for (const [contributor] of shareholders) S.SubnetLeaseShares.remove(leaseId, contributor);
  S.AccumulatedLeaseDividends.remove(leaseId);
  S.SubnetLeases.remove(leaseId);
  removeProxyDelegate(lease.coldkey, lease.beneficiary, LEASE_BENEFICIARY_PROXY, 0);
  emit('SubnetLeaseTerminated', { beneficiary: lease.beneficiary, netuid: lease.netuid });
  if (shareholders.length < MAX_CONTRIBUTORS) return { actualWeight: terminateWeight(shareholders.length) };
}

/**
 * distribute_leased_network_dividends: called after the owner cut is staked to the lease hotkey. The contributors'
 * part (emissions_share of the cut, rounded up) accumulates; on blocks that are multiples of
 * LeaseDividendsDistributionInterval the accumulated alpha moves, as stake on the lease hotkey, from the lease coldkey
 * to each shareholder (share × total, rounded up) and the rest to the beneficiary — all or nothing: if any move fails
 * the whole amount stays accumulated.
 */
export function distributeLeasedNetworkDividends(leaseId: number, ownerCutAlpha: bigint): void {
  const lease = S.SubnetLeases.get(leaseId) as SubnetLeaseValue | null;
  if (!lease) return;
  const now = blockNumber();
  if (lease.end_block !== null && lease.end_block <= now) return;
  const total = S.AccumulatedLeaseDividends.get(leaseId) + percentMulCeil(lease.emissions_share, ownerCutAlpha);
  const interval = subtensorConstants.LeaseDividendsDistributionInterval.value as number;
  if (interval === 0 || now % interval !== 0) { S.AccumulatedLeaseDividends.set(leaseId, total); return; }
  try {
    state().transactional(() => {
      let distributed = 0n;
      for (const [contributor, share] of S.SubnetLeaseShares.iterPrefix(leaseId)) {
        const alpha = mulCeil(share.bits, total);
        transferStakeWithinSubnet(lease.coldkey, lease.hotkey, contributor, lease.hotkey, lease.netuid, alpha);
        distributed += alpha;
        emit('SubnetLeaseDividendsDistributed', { lease_id: leaseId, contributor, alpha });
      }
      const rest = total > distributed ? total - distributed : 0n;
      transferStakeWithinSubnet(lease.coldkey, lease.hotkey, lease.beneficiary, lease.hotkey, lease.netuid, rest);
      emit('SubnetLeaseDividendsDistributed', { lease_id: leaseId, contributor: lease.beneficiary, alpha: rest });
      S.AccumulatedLeaseDividends.set(leaseId, 0n);
    });
  } catch (e) {
    if (!(e instanceof DispatchError)) throw e;
    S.AccumulatedLeaseDividends.set(leaseId, total);
  }
}

export const leasingCalls: Record<string, CallDecl<any>> = {
  register_leased_network: call<{ emissions_share: number; end_block: number | null }>({
    index: 110, args: { emissions_share: Percent, end_block: t.option(t.u32) },
    typeNames: { emissions_share: 'Percent', end_block: 'Option<BlockNumberFor<T>>' },
    docs: [
      ' Register a new leased network.', '',
      ' The crowdloan\'s contributions are used to compute the share of the emissions that the contributors',
      ' will receive as dividends.', '', ' The leftover cap is refunded to the contributors and the beneficiary.',
    ],
    fn: (origin, a) => doRegisterLeasedNetwork(origin, a.emissions_share, a.end_block),
  }),
  terminate_lease: call<{ lease_id: number; hotkey: AccountId }>({
    index: 111, args: { lease_id: t.u32, hotkey: AccountId32 }, typeNames: { lease_id: 'LeaseId', hotkey: 'T::AccountId' },
    docs: [
      ' Terminate a lease.', '',
      ' The beneficiary can terminate the lease after the end block has passed and get the subnet ownership.',
      ' The subnet is transferred to the beneficiary and the lease is removed from storage.',
    ],
    fn: (origin, a) => doTerminateLease(origin, a.lease_id, a.hotkey),
  }),
};
