// Subnet lifecycle (HEAD subnets/subnet.rs, coinbase/root.rs, coinbase/tempo_control.rs): register_network with
// the lock cost, init_new_network's explicit defaults, start_call, dissolve, identities, and the owner's
// set_tempo / trigger_epoch.
import type { AccountId } from '../../../primitives.ts';
import { type Origin, ensureSigned, ensureRoot } from '../../../frame/dispatch.ts';
import { subnetStorage as S, type SubnetIdentityValue } from './storage.ts';
import { nextAvailableSymbol, SYMBOLS_HEX } from './symbols.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { coinbaseStorage as C } from '../coinbase/storage.ts';
import { currentAlphaPriceFixed } from '../staking/pools.ts';
import { canRemoveBalance, addBalance } from '../staking/ext.ts';
import { stakeOf } from '../staking/shares.ts';
import { blocksUntilNextAutoEpoch } from '../coinbase/epoch_schedule.ts';
import {
  ensure, emit, err, currentBlock, eqBytes, subnetExists, allNetuids, hotkeyExists, coldkeyOwnsHotkey, subnetOfAccount,
  createAccountIfNonExistent, takeTaoForSubnet, ensureSubnetOwner, ensureSubnetOwnerOrRoot, passesRateLimit, networkLastLockBlock, setNetworkLastLockBlock, TX_TYPE,
} from './helpers.ts';
import { appendNeuron } from './registration.ts';
import { doSetRootValidatorsForSubnet } from '../staking/set_children.ts';
import { finalizeAllSubnetRootDividends } from '../staking/claim_root.ts';
import { destroyLockMaps } from '../staking/lock.ts';
import { runtimeConfig } from '../../../config.ts';
import { U64_MAX } from '../epoch/fixed.ts';

export const MIN_TEMPO = 360;
export const MAX_TEMPO = 50_400;
/** DefaultNeuronBurnCost: the Burn a new subnet starts with (1 TAO). */
export const NEW_SUBNET_BURN = 1_000_000_000n;
export const defaultTempo = (): number => (runtimeConfig.fastRuntime ? 10 : 360);

/** `get_network_lock_cost`: 2 × last lock (1 × before the first), reduced linearly since, floored at the minimum. */
export function networkLockCost(): bigint {
  const lastLock = S.NetworkLastLockCost.get();
  const minLock = S.NetworkMinLockCost.get();
  const lastBlock = networkLastLockBlock();
  const now = currentBlock();
  const interval = S.NetworkLockReductionInterval.get();
  const mult = lastBlock === 0n ? 1n : 2n;
  const perBlock = interval === 0n ? 0n : lastLock / interval;
  const reduction = perBlock * (now > lastBlock ? now - lastBlock : 0n);
  let cost = lastLock * mult;
  cost = cost > reduction ? cost - reduction : 0n;
  return cost < minLock ? minLock : cost;
}

/** `get_median_subnet_alpha_price` as U64F64 raw bits (1.0 when no subnet has a positive price). */
export function medianSubnetAlphaPrice(): bigint {
  const prices: bigint[] = [];
  for (const n of allNetuids()) {
    if (n === 0) continue;
    const p = currentAlphaPriceFixed(n) << 32n; // I96F32 → U64F64 bits
    if (p > 0n) prices.push(p);
  }
  if (prices.length === 0) return 1n << 64n;
  prices.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lower = prices[(prices.length - 1) >> 1];
  const upper = prices[prices.length >> 1];
  return lower === upper ? lower : (lower + upper) / 2n;
}

/** `init_new_network`: the explicit defaults a fresh (or reused) netuid gets. */
export function initNewNetwork(netuid: number, tempo: number): void {
  S.SubnetworkN.set(netuid, 0);
  S.NetworksAdded.set(netuid, true);
  S.Tempo.set(netuid, tempo);
  // HEAD scheduler: stagger epochs across netuids.
  const now = currentBlock();
  const period = BigInt(Math.max(tempo, 1));
  const stagger = BigInt(netuid) % period;
  C.LastEpochBlock.set(netuid, now > stagger ? now - stagger : 0n);
  S.TotalNetworks.mutate(n => Math.min(n + 1, 0xffff));
  S.NetworkRegistrationAllowed.set(netuid, true);
  emit('RegistrationAllowed', [netuid, true]);
  S.MaxAllowedUids.set(netuid, 256);
  emit('MaxAllowedUidsSet', [netuid, 256]);
  S.MaxAllowedValidators.set(netuid, 64);
  emit('MaxAllowedValidatorsSet', [netuid, 64]);
  S.MinAllowedWeights.set(netuid, 1);
  emit('MinAllowedWeightSet', [netuid, 1]);
  S.ImmunityPeriod.set(netuid, 5000);
  emit('ImmunityPeriodSet', [netuid, 5000]);
  S.Yuma3On.set(netuid, true);
  S.Burn.set(netuid, NEW_SUBNET_BURN);
  S.SubnetEmissionEnabled.set(netuid, true);
  // Make the remaining parameters explicit, as subtensor does.
  for (const item of [S.Kappa, S.ActivityCutoff, S.RegistrationsThisInterval] as const) {
    if (!item.contains(netuid)) (item as any).set(netuid, item.get(netuid));
  }
}

/** Lowest free netuid from 1. */
export function nextNetuid(): number {
  const used = new Set(allNetuids());
  let n = 1;
  while (used.has(n)) n++;
  return n;
}

/** `get_next_available_symbol` over the symbols already in use. */
function nextSymbol(netuid: number): Uint8Array {
  const used = new Set(S.TokenSymbol.entries().map(([, sym]) => Buffer.from(sym).toString('hex')));
  return nextAvailableSymbol(netuid, used);
}

export function isValidSubnetIdentity(id: SubnetIdentityValue): boolean {
  const total = id.subnet_name.length + id.github_repo.length + id.subnet_contact.length;
  return total <= 256 + 1024 * 6 + 256 && id.subnet_name.length <= 256 && id.github_repo.length <= 1024
    && id.subnet_contact.length <= 1024 && id.subnet_url.length <= 1024 && id.discord.length <= 256
    && id.description.length <= 1024 && id.logo_url.length <= 1024 && id.additional.length <= 1024;
}

/** `get_network_to_prune`: the non-immune subnet with the lowest moving price (oldest on ties); null if none. */
function networkToPrune(): number | null {
  const now = currentBlock();
  const immunity = S.NetworkImmunityPeriod.get();
  let best: { n: number; price: bigint; at: bigint } | null = null;
  for (const n of allNetuids()) {
    if (n === 0) continue;
    const at = S.NetworkRegisteredAt.get(n);
    if (now - at < immunity) continue;
    const price = K.SubnetMovingPrice.get(n).bits;
    if (best === null || price < best.price || (price === best.price && at < best.at)) best = { n, price, at };
  }
  return best?.n ?? null;
}

/** `do_register_network` (mechanism 1, dynamic). */
export function doRegisterNetwork(origin: Origin, hotkey: AccountId, identity: SubnetIdentityValue | null): void {
  const coldkey = ensureSigned(origin);
  ensure(!hotkeyExists(hotkey) || coldkeyOwnsHotkey(coldkey, hotkey), 'NonAssociatedColdKey');
  ensure(subnetOfAccount(hotkey) === null, 'CannotUseSystemAccount');
  const now = currentBlock();
  ensure(now >= S.NetworkRegistrationStartBlock.get(), 'SubNetRegistrationDisabled');
  ensure(passesRateLimit(S.NetworkRateLimit.get(), now, networkLastLockBlock()), 'NetworkTxRateLimitExceeded');
  const count = S.NetworksAdded.entries().filter(([n, added]) => added && n !== 0).length;
  let recycle: number | null = null;
  if (count >= S.SubnetLimit.get()) {
    recycle = networkToPrune();
    if (recycle === null) throw err('SubnetLimitReached');
  }
  const lock = networkLockCost();
  ensure(canRemoveBalance(coldkey, lock), 'CannotAffordLockCost');
  if (recycle !== null) dissolveNetwork(recycle);
  const netuid = recycle ?? nextNetuid();
  const medianPrice = medianSubnetAlphaPrice();
  initNewNetwork(netuid, defaultTempo());

  const locked = takeTaoForSubnet(coldkey, lock);
  S.NetworkLastLockCost.set(locked);
  setNetworkLastLockBlock(now);
  createAccountIfNonExistent(coldkey, hotkey);
  appendNeuron(netuid, hotkey, now);
  K.SubnetMechanism.set(netuid, 1);
  S.NetworkRegisteredAt.set(netuid, now);
  S.RegisteredSubnetCounter.mutate(netuid, c => c + 1n);
  S.TokenSymbol.set(netuid, nextSymbol(netuid));

  const minLock = S.NetworkMinLockCost.get();
  const poolTao = locked >= minLock ? locked : minLock;
  const poolAlpha = medianPrice === 0n ? 0n : (poolTao << 64n) / medianPrice;
  K.SubnetTAO.set(netuid, poolTao);
  K.SubnetAlphaIn.set(netuid, poolAlpha > U64_MAX ? U64_MAX : poolAlpha);
  S.SubnetOwner.set(netuid, coldkey);
  S.SubnetOwnerHotkey.set(netuid, hotkey);
  emit('SubnetOwnerHotkeySet', [netuid, hotkey]);
  S.SubnetLocked.set(netuid, locked);
  K.SubnetAlphaOut.set(netuid, 0n);
  K.SubnetVolume.set(netuid, 0n);
  S.RAORecycledForRegistration.set(netuid, 0n);
  if (poolTao > 0n) K.TotalStake.mutate(v => v + poolTao);
  if (identity !== null) {
    ensure(isValidSubnetIdentity(identity), 'InvalidIdentity');
    S.SubnetIdentitiesV3.set(netuid, identity);
    emit('SubnetIdentitySet', netuid);
  }
  doSetRootValidatorsForSubnet(netuid);
  emit('NetworkAdded', [netuid, 1]);
  // New subnets emit nothing until root enables emission.
  S.SubnetEmissionEnabled.set(netuid, false);
}

/** `do_start_call`: the owner switches on emission (next block) and staking. */
export function doStartCall(origin: Origin, netuid: number): void {
  ensure(subnetExists(netuid), 'SubnetNotExists');
  ensureSubnetOwner(origin, netuid);
  ensure(S.FirstEmissionBlockNumber.get(netuid) === null, 'FirstEmissionBlockNumberAlreadySet');
  const now = currentBlock();
  ensure(now >= S.NetworkRegisteredAt.get(netuid) + S.StartCallDelay.get(), 'NeedWaitingMoreBlocksToStarCall');
  const next = now + 1n;
  S.FirstEmissionBlockNumber.set(netuid, next);
  S.SubtokenEnabled.set(netuid, true);
  emit('FirstEmissionBlockNumberSet', [netuid, next]);
}

/**
 * `destroy_alpha_in_out_stakes`: the pool's TAO goes to the subnet's stakers pro rata to their alpha (largest
 * remainder for the rounding dust), the protocol's alpha share (SubnetProtocolAlpha, plus SubnetAlphaIn for subnets
 * registered after the refund deployment block 0) is recycled, and every alpha share of the subnet is removed.
 * No lock refund: subtensor refunds only subnets registered before NetworkRegistrationStartBlock (0).
 */
function destroyAlphaStakes(netuid: number): void {
  type Staker = { hot: AccountId; cold: AccountId; alpha: bigint };
  const stakers: Staker[] = [];
  const hotkeys: AccountId[] = [];
  for (const [hot, n] of K.TotalHotkeyAlpha.entries().map(([h, nn]) => [h, nn] as const)) if (n === netuid) hotkeys.push(hot);
  for (const [[hot, cold, n]] of K.Alpha.entries()) {
    if (n !== netuid) continue;
    const alpha = stakeOf(hot, cold, netuid);
    if (alpha > 0n) stakers.push({ hot, cold, alpha });
  }
  const protocolAlpha = K.SubnetAlphaIn.get(netuid) + K.SubnetProtocolAlpha.get(netuid);
  const total = stakers.reduce((acc, x) => acc + x.alpha, protocolAlpha);
  const pot = K.SubnetTAO.get(netuid);
  if (pot > 0n) {
    K.SubnetTAO.remove(netuid);
    K.TotalStake.mutate(v => (v > pot ? v - pot : 0n));
  }
  if (pot > 0n && total > 0n) {
    const portions = stakers.map(x => ({ cold: x.cold as AccountId | null, share: (pot * x.alpha) / total, rem: (pot * x.alpha) % total }));
    if (protocolAlpha > 0n) portions.push({ cold: null, share: (pot * protocolAlpha) / total, rem: (pot * protocolAlpha) % total });
    let leftover = pot - portions.reduce((acc, x) => acc + x.share, 0n);
    // Largest remainder first; Array.prototype.sort is stable, so ties keep staker order as subtensor's sort_by does.
    for (const p of [...portions].sort((x, y) => (y.rem > x.rem ? 1 : y.rem < x.rem ? -1 : 0))) {
      if (leftover <= 0n) break;
      p.share += 1n;
      leftover -= 1n;
    }
    for (const p of portions) {
      if (p.cold === null) K.TotalIssuance.mutate(v => (v > p.share ? v - p.share : 0n)); // recycled
      else if (p.share > 0n) addBalance(p.cold, p.share);
    }
  }
  for (const x of stakers) K.Alpha.remove(x.hot, x.cold, netuid);
  for (const [[hot, cold, n]] of K.Alpha.entries()) if (n === netuid) K.Alpha.remove(hot, cold, netuid);
  for (const hot of hotkeys) { K.TotalHotkeyAlpha.remove(hot, netuid); K.TotalHotkeyShares.remove(hot, netuid); }
  K.SubnetAlphaIn.remove(netuid);
  K.SubnetAlphaOut.remove(netuid);
  K.SubnetProtocolAlpha.remove(netuid);
  S.SubnetLocked.set(netuid, 0n);
}

/** `do_dissolve_network` + `remove_network`: stakes settled in TAO, then every per-subnet item removed. */
export function dissolveNetwork(netuid: number): void {
  ensure(netuid !== 0 && subnetExists(netuid), 'SubnetNotExists');
  finalizeAllSubnetRootDividends(netuid);
  destroyAlphaStakes(netuid);
  for (const [uid, hk] of S.Keys.iterPrefix(netuid)) {
    S.IsNetworkMember.remove(hk, netuid);
    void uid;
  }
  for (const item of [S.Uids, S.Keys, S.BlockAtRegistration, S.Axons, S.NeuronCertificates, S.Prometheus, S.PendingChildKeys,
    S.AssociatedEvmAddress, S.LastHotkeySwapOnNetuid, K.AlphaDividendsPerSubnet] as const) (item as any).removePrefix(netuid);
  // Root weights on this subnet drop to zero.
  for (const [uid, row] of S.Weights.iterPrefix(0)) {
    if (row.some(([j]) => j === netuid)) S.Weights.set(0, uid, row.map(([j, w]) => [j, j === netuid ? 0 : w] as [number, number]));
  }
  for (let mecid = 0; mecid < S.MechanismCountCurrent.get(netuid); mecid++) {
    const idx = mecid * 4096 + netuid;
    S.LastUpdate.remove(idx);
    S.Incentive.remove(idx);
    for (const item of [S.WeightCommits, S.TimelockedWeightCommits, S.CRV3WeightCommits, S.CRV3WeightCommitsV2, S.Bonds, S.Weights] as const) (item as any).removePrefix(idx);
  }
  for (const item of [S.SubnetOwner, S.SubnetworkN, S.NetworksAdded, S.NetworkRegisteredAt, S.Active, S.Emission, S.Consensus,
    S.Dividends, S.ValidatorPermit, S.ValidatorTrust, S.Tempo, S.Kappa, S.Difficulty, S.MaxAllowedUids, S.ImmunityPeriod,
    S.ActivityCutoff, S.ActivityCutoffFactorMilli, S.MinAllowedWeights, S.RegistrationsThisInterval, S.POWRegistrationsThisInterval,
    S.BurnRegistrationsThisInterval, S.SubnetTaoFlow, S.SubnetEmaTaoFlow, S.TokenSymbol, S.SubnetOwnerHotkey,
    S.NetworkRegistrationAllowed, S.NetworkPowRegistrationAllowed, S.TransferToggle, S.SubnetLocked, S.LargestLocked,
    S.FirstEmissionBlockNumber, S.LastAdjustmentBlock, S.ServingRateLimit, S.Rho, S.AlphaSigmoidSteepness, S.MaxAllowedValidators,
    S.BondsMovingAverage, S.BondsPenalty, S.BondsResetOn, S.WeightsSetRateLimit, S.ValidatorPruneLen, S.ScalingLawPower,
    S.TargetRegistrationsPerInterval, S.CommitRevealWeightsEnabled, S.BurnHalfLife, S.BurnIncreaseMult, S.Burn, S.MinBurn, S.MaxBurn,
    S.MinDifficulty, S.MaxDifficulty, S.RegistrationsThisBlock, S.RAORecycledForRegistration, S.MaxRegistrationsPerBlock,
    S.WeightsVersionKey, S.LiquidAlphaOn, S.Yuma3On, S.AlphaValues, S.SubtokenEnabled, S.ImmuneOwnerUidsLimit, S.StakeWeight,
    S.LoadedEmission, S.RevealPeriodEpochs, S.MechanismCountCurrent, S.MechanismEmissionSplit, S.SubnetEmissionEnabled,
    S.MinNonImmuneUids, S.RecycleOrBurn, S.OwnerCutEnabled, S.MinAllowedUids,
    K.SubnetMechanism, K.SubnetVolume, K.SubnetMovingPrice, K.SubnetAlphaInEmission, K.SubnetAlphaOutEmission, K.SubnetTaoInEmission,
    K.EMAPriceHalvingBlocks, C.LastEpochBlock, C.PendingEpochAt, C.SubnetEpochIndex, C.BlocksSinceLastStep, C.LastMechansimStepBlock,
    C.PendingServerEmission, C.PendingValidatorEmission, C.PendingOwnerCut, C.PendingRootAlphaDivs, C.MinerBurned] as const) (item as any).remove(netuid);
  S.TotalNetworks.mutate(n => Math.max(n - 1, 0));
  if (S.SubnetIdentitiesV3.contains(netuid)) {
    S.SubnetIdentitiesV3.remove(netuid);
    emit('SubnetIdentityRemoved', netuid);
  }
  for (const [hot, n] of S.ChildkeyTake.entries().map(([h, nn]) => [h, nn] as const)) if (n === netuid) S.ChildkeyTake.remove(hot, netuid);
  for (const [hot, n] of S.ChildKeys.entries().map(([h, nn]) => [h, nn] as const)) if (n === netuid) S.ChildKeys.remove(hot, netuid);
  for (const [hot, n] of S.ParentKeys.entries().map(([h, nn]) => [h, nn] as const)) if (n === netuid) S.ParentKeys.remove(hot, netuid);
  for (const [[hot, n, tx]] of S.TransactionKeyLastBlock.entries()) if (n === netuid) S.TransactionKeyLastBlock.remove(hot, n, tx);
  destroyLockMaps(netuid);
  emit('NetworkRemoved', netuid);
}

export function doDissolveNetwork(origin: Origin, netuid: number): void {
  ensureRoot(origin);
  dissolveNetwork(netuid);
}

/** `do_set_subnet_identity`: owner only. */
export function doSetSubnetIdentity(origin: Origin, netuid: number, identity: SubnetIdentityValue): void {
  const who = ensureSigned(origin);
  ensure(eqBytes(S.SubnetOwner.get(netuid), who), 'NotSubnetOwner');
  ensure(isValidSubnetIdentity(identity), 'InvalidIdentity');
  S.SubnetIdentitiesV3.set(netuid, identity);
  emit('SubnetIdentitySet', netuid);
}

/** `is_in_admin_freeze_window`: a triggered epoch pending, or fewer than AdminFreezeWindow blocks to the next. */
export function inAdminFreezeWindow(netuid: number, now: bigint): boolean {
  const tempo = S.Tempo.get(netuid);
  if (tempo === 0) return false;
  const pending = C.PendingEpochAt.get(netuid);
  if (pending > 0n && pending > now) return true;
  return blocksUntilNextAutoEpoch(tempo, C.LastEpochBlock.get(netuid), now) < BigInt(S.AdminFreezeWindow.get());
}
export function ensureAdminWindowOpen(netuid: number): void {
  ensure(!inAdminFreezeWindow(netuid, currentBlock()), 'AdminActionProhibitedDuringWeightsWindow');
}

/** `do_set_tempo` (owner): bounds, freeze window, one change per MIN_TEMPO blocks; resets the cycle. */
export function doSetTempo(origin: Origin, netuid: number, tempo: number): void {
  const who = ensureSubnetOwner(origin, netuid);
  ensure(tempo >= MIN_TEMPO && tempo <= MAX_TEMPO, 'TempoOutOfBounds');
  ensureAdminWindowOpen(netuid);
  const now = currentBlock();
  ensure(passesRateLimit(BigInt(MIN_TEMPO), now, S.TransactionKeyLastBlock.get(who, netuid, TX_TYPE.TempoUpdate)), 'TxRateLimitExceeded');
  S.Tempo.set(netuid, tempo);
  emit('TempoSet', [netuid, tempo]);
  C.LastEpochBlock.set(netuid, now);
  S.TransactionKeyLastBlock.set(who, netuid, TX_TYPE.TempoUpdate, now);
}

/** `do_trigger_epoch` (owner): the epoch fires AdminFreezeWindow blocks from now. */
export function doTriggerEpoch(origin: Origin, netuid: number): void {
  const who = ensureSubnetOwner(origin, netuid);
  ensure(!S.CommitRevealWeightsEnabled.get(netuid), 'DynamicTempoBlockedByCommitReveal');
  ensure(C.PendingEpochAt.get(netuid) === 0n, 'EpochTriggerAlreadyPending');
  const now = currentBlock();
  const window = BigInt(S.AdminFreezeWindow.get());
  const remaining = blocksUntilNextAutoEpoch(S.Tempo.get(netuid), C.LastEpochBlock.get(netuid), now);
  ensure(remaining >= window, 'AutoEpochAlreadyImminent');
  const key = { type: 'OwnerHyperparamUpdate', value: [netuid, { type: 'TriggerEpoch' }] };
  const limit = BigInt(S.Tempo.get(netuid)) * BigInt(S.OwnerHyperparamRateLimit.get());
  ensure(passesRateLimit(limit, now, S.LastRateLimitedBlock.get(key)), 'TxRateLimitExceeded');
  const firesAt = now + window;
  C.PendingEpochAt.set(netuid, firesAt);
  S.LastRateLimitedBlock.set(key, now);
  emit('EpochTriggered', { netuid, by: who, fires_at: firesAt });
}

/** `update_symbol` (112): owner or root picks an unused symbol from subtensor's table. */
export function doUpdateSymbol(origin: Origin, netuid: number, symbol: Uint8Array): void {
  ensureSubnetOwnerOrRoot(origin, netuid);
  const hex = Buffer.from(symbol).toString('hex');
  ensure(SYMBOLS_HEX.slice(1).includes(hex), 'SymbolDoesNotExist');
  ensure(!S.TokenSymbol.entries().some(([, s]) => eqBytes(s, symbol)), 'SymbolAlreadyInUse');
  S.TokenSymbol.set(netuid, symbol);
  emit('SymbolUpdated', { netuid, symbol });
}

export const MIN_ACTIVITY_CUTOFF_FACTOR_MILLI = 1_000;
export const MAX_ACTIVITY_CUTOFF_FACTOR_MILLI = 50_000;

/** `do_set_activity_cutoff_factor` (140): owner (rate-limited, freeze window) or root. */
export function doSetActivityCutoffFactor(origin: Origin, netuid: number, factorMilli: number): void {
  const who = ensureSubnetOwnerOrRoot(origin, netuid);
  ensure(factorMilli >= MIN_ACTIVITY_CUTOFF_FACTOR_MILLI && factorMilli <= MAX_ACTIVITY_CUTOFF_FACTOR_MILLI, 'ActivityCutoffFactorMilliOutOfBounds');
  const key = { type: 'OwnerHyperparamUpdate', value: [netuid, { type: 'ActivityCutoffFactorMilli' }] };
  const now = currentBlock();
  if (who !== null) {
    ensureAdminWindowOpen(netuid);
    const limit = BigInt(S.Tempo.get(netuid)) * BigInt(S.OwnerHyperparamRateLimit.get());
    ensure(passesRateLimit(limit, now, S.LastRateLimitedBlock.get(key)), 'TxRateLimitExceeded');
  }
  S.ActivityCutoffFactorMilli.set(netuid, factorMilli);
  emit('ActivityCutoffFactorMilliSet', { netuid, factor_milli: factorMilli });
  if (who !== null) S.LastRateLimitedBlock.set(key, now);
}

export type ChainIdentityValue = { name: Uint8Array; url: Uint8Array; github_repo: Uint8Array; image: Uint8Array; discord: Uint8Array; description: Uint8Array; additional: Uint8Array };

/** `is_valid_identity` (ChainIdentityV2 field limits; github_repo is not in the total, as in subtensor). */
export function isValidChainIdentity(id: ChainIdentityValue): boolean {
  const total = id.name.length + id.url.length + id.image.length + id.discord.length + id.description.length + id.additional.length;
  return total <= 256 * 4 + 1024 * 3 && id.name.length <= 256 && id.url.length <= 256 && id.github_repo.length <= 256
    && id.image.length <= 1024 && id.discord.length <= 256 && id.description.length <= 1024 && id.additional.length <= 1024;
}

/** `do_set_identity` (68): a coldkey with a hotkey registered somewhere sets its chain identity. */
export function doSetIdentity(origin: Origin, id: ChainIdentityValue): void {
  const coldkey = ensureSigned(origin);
  ensure(S.OwnedHotkeys.get(coldkey).some(hk => allNetuids().some(n => S.Uids.contains(n, hk))), 'HotKeyNotRegisteredInNetwork');
  ensure(isValidChainIdentity(id), 'InvalidIdentity');
  S.IdentitiesV2.set(coldkey, id);
  emit('ChainIdentitySet', coldkey);
}
