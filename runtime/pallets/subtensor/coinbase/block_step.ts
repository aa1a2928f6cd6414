// block_step (HEAD coinbase/block_step.rs; spec §5.2), run from SubtensorModule's on_initialize:
//  1. registration burn decay and per-block registration counter reset;
//  2. mint the block emission (halving with issuance) into SubtensorModule.TotalIssuance;
//     then reveal matured drand-timelocked weight commits (coinbase/reveal_commits.ts);
//  3. run_coinbase (subnet injection, pending emission, due epochs);
//  4. recycle whatever emission the coinbase did not use (TotalIssuance drops back by it);
//  5. update the moving prices of the subnets emitted to.
// Root prop caching, childkeys and root claims are not ported.
import { stakingStorage as S } from '../staking/storage.ts';
import * as ext from '../staking/ext.ts';
import { getBlockEmissionForIssuance } from './block_emission.ts';
import { updateRegistrationPricesForNetworks } from '../subnets/registration.ts';
import { revealTimelockedCommits } from './reveal_commits.ts';
import { runCoinbase, subnetsToEmitTo, updateMovingPrice, type CoinbaseReport } from './run_coinbase.ts';

export interface BlockStepReport extends CoinbaseReport { blockEmission: bigint; recycled: bigint }

/** The whole on_initialize pipeline for `blockNumber`; returns what it minted and used (for tests/benches). */
export function blockStep(blockNumber: number): BlockStepReport {
  updateRegistrationPricesForNetworks();

  const emission = getBlockEmissionForIssuance(S.TotalIssuance.get());
  S.BlockEmission.set(emission);
  S.TotalIssuance.mutate(v => v + emission);

  revealTimelockedCommits(ext.allNetuids());

  const report = runCoinbase(emission);
  const recycled = emission > report.taoSpent ? emission - report.taoSpent : 0n;
  if (recycled > 0n) S.TotalIssuance.mutate(v => (v > recycled ? v - recycled : 0n));

  for (const netuid of subnetsToEmitTo(ext.allNetuids())) updateMovingPrice(netuid);
  return { ...report, blockEmission: emission, recycled };
}
