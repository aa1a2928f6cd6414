// block_step (HEAD coinbase/block_step.rs; spec §5.2), run from SubtensorModule's on_initialize:
//  1. registration burn decay and per-block registration counter reset;
//  2. mint the block emission (halving with issuance) into SubtensorModule.TotalIssuance;
//  3. run_coinbase (subnet injection, pending emission, due epochs);
//  4. recycle whatever emission the coinbase did not use (TotalIssuance drops back by it);
//  5. update the moving prices of the subnets emitted to.
// Timelocked weight reveals, root prop caching, childkeys and root claims are not ported.
import { stakingStorage as S } from '../staking/storage.ts';
import * as ext from '../staking/ext.ts';
import { getBlockEmissionForIssuance } from './block_emission.ts';
import { decayBurn } from '../subnets/burn.ts';
import { runCoinbase, subnetsToEmitTo, updateMovingPrice, epochDue, type CoinbaseReport } from './run_coinbase.ts';

/** update_registration_prices_for_networks (HEAD subnets/registration.rs). */
export function updateRegistrationPrices(block: bigint): void {
  for (const netuid of ext.allNetuids()) {
    if (!ext.hasItem('Burn')) break;
    const burn: bigint = ext.subnetItem('Burn', netuid);
    const next = decayBurn(burn, ext.subnetItem<number>('BurnHalfLife', netuid, 360), block,
      ext.subnetItem<bigint>('MinBurn', netuid, 500_000n), ext.subnetItem<bigint>('MaxBurn', netuid, 100_000_000_000n));
    if (next !== burn) ext.setSubnetItem('Burn', netuid, next);
    ext.setSubnetItem('RegistrationsThisBlock', netuid, 0);
    if (netuid === 0 && epochDue(0, block)) ext.setSubnetItem('RegistrationsThisInterval', 0, 0);
  }
}

export interface BlockStepReport extends CoinbaseReport { blockEmission: bigint; recycled: bigint }

/** The whole on_initialize pipeline for `blockNumber`; returns what it minted and used (for tests/benches). */
export function blockStep(blockNumber: number): BlockStepReport {
  const block = BigInt(blockNumber);
  updateRegistrationPrices(block);

  const emission = getBlockEmissionForIssuance(S.TotalIssuance.get());
  S.BlockEmission.set(emission);
  S.TotalIssuance.mutate(v => v + emission);

  const report = runCoinbase(emission);
  const recycled = emission > report.taoSpent ? emission - report.taoSpent : 0n;
  if (recycled > 0n) S.TotalIssuance.mutate(v => (v > recycled ? v - recycled : 0n));

  for (const netuid of subnetsToEmitTo(ext.allNetuids())) updateMovingPrice(netuid);
  return { ...report, blockEmission: emission, recycled };
}
