// block_step (HEAD coinbase/block_step.rs; spec §5.2), run from SubtensorModule's on_initialize:
//  1. registration burn decay and per-block registration counter reset;
//  2. mint the block emission (halving with issuance) into SubtensorModule.TotalIssuance;
//  3. run_coinbase (subnet injection, pending emission, due epochs);
//  4. recycle whatever emission the coinbase did not use (TotalIssuance drops back by it);
//  5. update the moving prices of the subnets emitted to;
//  6. cache RootProp of the subnets emitted to;
//  7. apply due pending children on the subnets whose epoch ran in this block (HEAD try_set_pending_children);
//  8. auto-claim the root dividends of NumRootClaim coldkeys drawn from the parent hash.
// Timelocked weight reveals are not ported here; HEAD's populate_root_coldkey_staking_maps (a migration indexing
// root stakers from before root claims) has no pre-existing state to index.
import { stakingStorage as S } from '../staking/storage.ts';
import * as ext from '../staking/ext.ts';
import { getBlockEmissionForIssuance } from './block_emission.ts';
import { updateRegistrationPricesForNetworks } from '../subnets/registration.ts';
import { doSetPendingChildren } from '../staking/set_children.ts';
import { coinbaseStorage as C } from './storage.ts';
import { runCoinbase, subnetsToEmitTo, updateMovingPrice, rootProportion, type CoinbaseReport } from './run_coinbase.ts';
import { runAutoClaimRootDivs } from '../staking/claim_root.ts';
import { System } from '../../system/index.ts';

export interface BlockStepReport extends CoinbaseReport { blockEmission: bigint; recycled: bigint }

/** The whole on_initialize pipeline for `blockNumber`; returns what it minted and used (for tests/benches). */
export function blockStep(blockNumber: number): BlockStepReport {
  updateRegistrationPricesForNetworks();

  const emission = getBlockEmissionForIssuance(S.TotalIssuance.get());
  S.BlockEmission.set(emission);
  S.TotalIssuance.mutate(v => v + emission);

  const report = runCoinbase(emission);
  const recycled = emission > report.taoSpent ? emission - report.taoSpent : 0n;
  if (recycled > 0n) S.TotalIssuance.mutate(v => (v > recycled ? v - recycled : 0n));

  const netuids = ext.allNetuids();
  const emitting = subnetsToEmitTo(netuids);
  for (const netuid of emitting) updateMovingPrice(netuid);
  for (const netuid of emitting) S.RootProp.set(netuid, { bits: rootProportion(netuid) });
  // After the coinbase: a subnet whose epoch fired in this block has LastEpochBlock = this block.
  const block = BigInt(blockNumber);
  for (const netuid of netuids) if (C.LastEpochBlock.get(netuid) === block) doSetPendingChildren(netuid);
  runAutoClaimRootDivs(System.storage.ParentHash.get());
  return { ...report, blockEmission: emission, recycled };
}
