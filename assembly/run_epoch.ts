// Yuma consensus epoch (subtensor HEAD `epoch_mechanism`, sparse path) on CSR matrices in linear memory.
// Bit-identical target: the TypeScript reference runtime/pallets/subtensor/epoch/run_epoch.ts
// (runEpochReference); one file per step in steps/, each naming its TS twin. Rows keep the column
// order of the stored rows (ascending by contract); masks only ever drop cells.

import { P_N, P_OWNER, P_YUMA3, param } from './layout';
import {
  epochMark, STEP_START, STEP_STAKE, STEP_WEIGHTS, STEP_CONSENSUS, STEP_INCENTIVE, STEP_DIVIDENDS, STEP_EMISSION,
} from './marks';
import { activityStakePermits } from './steps/stake';
import { maskWeights } from './steps/weights';
import { consensus } from './steps/consensus';
import { clipRanksIncentive } from './steps/incentive';
import { weightsForBonds, bondsMask } from './steps/bonds';
import { bondsYuma3 } from './steps/bonds_yuma3';
import { bondsClassic } from './steps/bonds_classic';
import { emissionAndOutputs } from './steps/emission';

export function runEpoch(): void {
  const n = <i32>param(P_N);
  const ownerRaw = param(P_OWNER);
  const owner = ownerRaw != 0xFFFF_FFFF_FFFF_FFFF ? <i32>ownerRaw : -1;
  epochMark(STEP_START);
  activityStakePermits(n, owner); // 1–5
  epochMark(STEP_STAKE);
  const negative = maskWeights(n, owner); // 6
  epochMark(STEP_WEIGHTS);
  consensus(n, negative); // 7
  epochMark(STEP_CONSENSUS);
  clipRanksIncentive(n); // 8–10
  epochMark(STEP_INCENTIVE);
  weightsForBonds(n); // 11
  bondsMask(n); // 12 (the bond models mark their own read and EMA parts)
  if (param(P_YUMA3) != 0) bondsYuma3(n); else bondsClassic(n);
  epochMark(STEP_DIVIDENDS);
  emissionAndOutputs(n); // 13–14
  epochMark(STEP_EMISSION);
}
