// run_coinbase (HEAD `run_coinbase.rs`, `subnet_emissions.rs`; spec §5.3): split the block's TAO emission over the
// subnets to emit to by moving price, inject TAO/alpha into each pool (capped by the root proportion; the rest of
// the TAO buys alpha from the pool), mint alpha_out into the pending accumulators (owner cut, miners, validators,
// root), then drain the subnets whose epoch is due (at most MaxEpochsPerBlock; the rest are deferred one block)
// and distribute their emission. Returns the TAO (rao) actually put to use; the caller recycles the rest.
import { stakingStorage as S } from '../staking/storage.ts';
import { coinbaseStorage as C } from './storage.ts';
import * as pools from '../staking/pools.ts';
import * as ext from '../staking/ext.ts';
import { depositEvent } from '../pallet.ts';
import { getBlockEmissionForIssuance } from './block_emission.ts';
import { epochDue } from './epoch_schedule.ts';
import { distributeEmission } from './distribute_emission.ts';
import { recycleSubnetAlpha } from './alpha.ts';
import { changeSubnetOwnerIfNeeded } from '../staking/lock.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { u96, mul96, div96, sub96, add96, toU64, HALF96, u96To6464, div6464, mul6464, u6464, u6464To96, taoWeight96 } from './fixed96.ts';

/** HEAD get_subnets_to_emit_to: non-root, started (FirstEmissionBlockNumber), SubtokenEnabled, registration allowed. */
export function subnetsToEmitTo(netuids: number[]): number[] {
  return netuids.filter(n => n !== 0 && ext.firstEmissionBlock(n) !== null && ext.subtokenEnabled(n) && ext.registrationAllowed(n));
}

/** get_moving_alpha_price as U64F64 bits: 1 for root and stable subnets, SubnetMovingPrice otherwise. */
export function movingAlphaPrice6464(netuid: number): bigint {
  if (netuid === 0 || S.SubnetMechanism.get(netuid) === 0) return u6464(1n);
  const bits = S.SubnetMovingPrice.get(netuid).bits;
  return bits <= 0n ? 0n : u96To6464(bits);
}

/** TAO emission per subnet (U96F32 bits): moving-price shares, emission-disabled subnets' share redistributed. */
export function subnetBlockEmissions(subnets: number[], blockEmission96: bigint): Map<number, bigint> {
  const prices = subnets.map(n => movingAlphaPrice6464(n));
  const total = prices.reduce((a, b) => a + b, 0n);
  const priceShares = prices.map(p => div6464(p, total) ?? 0n);
  // get_shares: each price share × (1 − MinerBurned), renormalised; unweighted when every weight is zero.
  const one = u6464(1n);
  const weighted = priceShares.map((share, i) => {
    const burned = u96To6464(C.MinerBurned.get(subnets[i]).bits);
    return mul6464(share, one - (burned < one ? burned : one));
  });
  const weightSum = weighted.reduce((a, b) => a + b, 0n);
  const shares = weightSum > 0n ? weighted.map(w => div6464(w, weightSum) ?? 0n) : priceShares;
  const enabled = subnets.map(n => ext.subnetEmissionEnabled(n));
  const hasDisabled = enabled.some(e => !e);
  const enabledSum = shares.reduce((a, s, i) => (enabled[i] ? a + s : a), 0n);
  const out = new Map<number, bigint>();
  subnets.forEach((n, i) => {
    let share = shares[i];
    if (hasDisabled) share = enabled[i] && enabledSum > 0n ? (div6464(share, enabledSum) ?? 0n) : 0n;
    const emission6464 = mul6464(u96To6464(blockEmission96), share);
    out.set(n, u6464To96(emission6464));
  });
  return out;
}

/** Alpha issuance of a subnet (SubnetAlphaIn + SubnetAlphaOut). */
export const alphaIssuance = (netuid: number): bigint => S.SubnetAlphaIn.get(netuid) + S.SubnetAlphaOut.get(netuid);

/** root_proportion (U96F32 bits): tao_weight·SubnetTAO[0] / (tao_weight·SubnetTAO[0] + alpha issuance). */
export function rootProportion(netuid: number): bigint {
  const rootTao = mul96(u96(S.SubnetTAO.get(0)), taoWeight96(S.TaoWeight.get()));
  return div96(rootTao, add96(rootTao, u96(alphaIssuance(netuid)))) ?? 0n;
}

export interface CoinbaseReport { taoSpent: bigint; epochsRun: number[] }

/** One block of the coinbase. `blockEmission` is the TAO (rao) minted for this block. */
export function runCoinbase(blockEmission: bigint): CoinbaseReport {
  const block = BigInt(ext.blockNumber());
  const subnets = ext.allNetuids().filter(n => n !== 0);
  const toEmit = subnetsToEmitTo(subnets);
  const emissions = subnetBlockEmissions(toEmit, u96(blockEmission));
  const rootSell = toEmit.reduce((a, n) => a + movingAlphaPrice6464(n), 0n) > u6464(1n);

  let taoSpent = 0n;
  // ── Subnet terms and injection ──
  const alphaOut = new Map<number, bigint>();
  for (const netuid of toEmit) {
    const taoEmission = emissions.get(netuid) ?? 0n;
    const alphaEmission = u96(getBlockEmissionForIssuance(alphaIssuance(netuid)));
    const price = pools.currentAlphaPriceFixed(netuid);
    let taoIn = taoEmission;
    let alphaIn = div96(taoEmission, price) ?? 0n;
    const cap = mul96(rootProportion(netuid), alphaEmission);
    if (alphaIn > cap) {
      alphaIn = cap;
      taoIn = mul96(alphaIn, price);
    }
    const excess = sub96(taoEmission, taoIn);
    alphaOut.set(netuid, alphaEmission);

    const taoInU64 = toU64(taoIn);
    const alphaInU64 = toU64(alphaIn);
    const excessU64 = toU64(excess);
    S.SubnetTaoInEmission.set(netuid, 0n);
    if (excessU64 > 0n) {
      // Chain buy: the excess TAO buys alpha from the pool; the alpha is held by the protocol.
      const r = pools.swapTaoForAlpha(netuid, excessU64, pools.MAX_PRICE, true);
      if (typeof r !== 'string') {
        S.SubnetProtocolAlpha.mutate(netuid, v => v + r.amountOut);
        taoSpent += excessU64;
      }
    }
    S.SubnetAlphaInEmission.set(netuid, alphaInU64);
    S.SubnetAlphaIn.mutate(netuid, v => v + alphaInU64);
    if (taoInU64 > 0n) {
      S.SubnetTaoInEmission.set(netuid, taoInU64);
      S.SubnetTAO.mutate(netuid, v => v + taoInU64);
      S.TotalStake.mutate(v => v + taoInU64);
      taoSpent += taoInU64;
    }
  }

  // ── Alpha out to participants (pending until the epoch) ──
  const cutPercent = div96(u96(BigInt(C.SubnetOwnerCut.get())), u96(65535n)) ?? 0n;
  for (const netuid of toEmit) {
    let out = alphaOut.get(netuid) ?? 0n;
    const created = toU64(out);
    S.SubnetAlphaOutEmission.set(netuid, created);
    S.SubnetAlphaOut.mutate(netuid, v => v + created);
    if (N.OwnerCutEnabled.get(netuid)) {
      const ownerCut = mul96(out, cutPercent);
      out = sub96(out, ownerCut);
      C.PendingOwnerCut.mutate(netuid, v => v + toU64(ownerCut));
    }
    const rootAlpha = mul96(mul96(rootProportion(netuid), out), HALF96);
    const server = mul96(out, HALF96);
    const validator = sub96(sub96(out, server), rootAlpha);
    C.PendingServerEmission.mutate(netuid, v => v + toU64(server));
    C.PendingValidatorEmission.mutate(netuid, v => v + toU64(validator));
    if (rootSell) C.PendingRootAlphaDivs.mutate(netuid, v => v + toU64(rootAlpha));
    else recycleSubnetAlpha(netuid, toU64(rootAlpha));
  }

  // ── Drain pending emission of subnets whose epoch is due ──
  const drained = drainPending(subnets, block);
  for (const [netuid, p] of drained) {
    distributeEmission(netuid, p.server, p.validator, p.root, p.ownerCut);
    C.LastMechansimStepBlock.set(netuid, block);
  }
  return { taoSpent, epochsRun: drained.map(([n]) => n) };
}

export interface Pending { server: bigint; validator: bigint; root: bigint; ownerCut: bigint }

/** HEAD `epochs_deferred_this_block`: due subnets beyond the per-block cap (as drainPending will defer them). */
export function epochsDeferredThisBlock(subnets: number[], block: bigint): Set<number> {
  const cap = C.MaxEpochsPerBlock.get();
  const deferred = new Set<number>();
  let run = 0;
  for (const netuid of subnets) {
    if (!epochDue(netuid, block)) continue;
    if (run >= cap) deferred.add(netuid);
    else run++;
  }
  return deferred;
}

/** HEAD drain_pending (+ the classic schedule when configured): returns the subnets to distribute, in netuid order. */
export function drainPending(subnets: number[], block: bigint): [number, Pending][] {
  const cap = C.MaxEpochsPerBlock.get();
  let run = 0;
  const out: [number, Pending][] = [];
  for (const netuid of subnets) {
    C.BlocksSinceLastStep.mutate(netuid, v => v + 1n);
    if (!epochDue(netuid, block)) continue;
    if (run >= cap) {
      C.PendingEpochAt.set(netuid, block + 1n);
      depositEvent('EpochDeferred', { netuid, from_block: block, to_block: block + 1n });
      continue;
    }
    C.BlocksSinceLastStep.set(netuid, 0n);
    out.push([netuid, {
      server: C.PendingServerEmission.take(netuid),
      validator: C.PendingValidatorEmission.take(netuid),
      root: C.PendingRootAlphaDivs.take(netuid),
      ownerCut: C.PendingOwnerCut.take(netuid),
    }]);
    run++;
    changeSubnetOwnerIfNeeded(netuid); // conviction may hand over the subnet (HEAD, after draining)
    C.LastEpochBlock.set(netuid, block);
    C.PendingEpochAt.set(netuid, 0n);
    C.SubnetEpochIndex.mutate(netuid, v => v + 1n);
  }
  return out;
}

/** update_moving_price for one subnet (HEAD stake_utils.rs). */
export function updateMovingPrice(netuid: number): void {
  const block = BigInt(ext.blockNumber());
  const first = ext.firstEmissionBlock(netuid) ?? 0n;
  const startCall = first > 0n ? first - 1n : 0n;
  const since = block > startCall ? block - startCall : 0n;
  const halving = S.EMAPriceHalvingBlocks.get(netuid);
  // U64F64 arithmetic as in HEAD.
  const movingAlphaBits = S.SubnetMovingAlpha.get().bits;
  const movingAlpha = u96To6464(movingAlphaBits < 0n ? 0n : movingAlphaBits);
  const alpha = mul6464(movingAlpha, div6464(u6464(since), u6464(since + halving)) ?? 0n);
  const oneMinus = u6464(1n) - alpha;
  const spot = u96To6464(pools.currentAlphaPriceFixed(netuid));
  const price = spot < u6464(1n) ? spot : u6464(1n);
  const next = mul6464(alpha, price) + mul6464(oneMinus, movingAlphaPrice6464(netuid));
  S.SubnetMovingPrice.set(netuid, { bits: u6464To96(next) });
}

