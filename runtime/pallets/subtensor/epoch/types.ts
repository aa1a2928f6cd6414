// Plain-data contract of the Yuma consensus epoch (subtensor HEAD `epoch/run_epoch.rs`).
// The pallet reads storage into an EpochInput, calls `runEpoch` (WASM by default, TS reference as
// oracle/fallback) and persists the EpochOutput. No storage access happens inside the epoch, so the
// benchmarks, the tests and an "explain this epoch" tool can all call it with the same data.

/** One sparse row: [column uid, u16 value] pairs in ascending column order (zero values kept). */
export type SparseRowU16 = Array<[number, number]>;

export interface EpochInput {
  /** SubnetworkN: number of uids; every per-uid array below has this length. */
  n: number;
  /** Block at which the epoch runs. */
  block: bigint;
  /** Tempo of the subnet (used for the bonds `last_tempo` fallback). */
  tempo: number;
  /** Activity cutoff in blocks (already resolved by the pallet from ActivityCutoff / factor). */
  activityCutoff: bigint;
  /** LastUpdate[uid] (block of the last weight set). */
  lastUpdate: bigint[];
  /** BlockAtRegistration[uid]. */
  blockAtRegistration: bigint[];
  /** Alpha stake per uid in rao (u64). */
  alphaStake: bigint[];
  /** Root (TAO) stake per uid in rao (u64); combined stake = alpha + taoWeight * root. */
  rootStake: bigint[];
  /** TaoWeight storage value: u64 whose ratio to u64::MAX is the root-stake weight. */
  taoWeight: bigint;
  /** StakeThreshold (u64 rao): combined stake whose integer part is below it counts as 0. */
  stakeThreshold: bigint;
  /** uid of SubnetOwnerHotkey when registered, else null (exempt from threshold, permit forced, self-weight kept). */
  ownerUid: number | null;
  /** ValidatorPermit as stored before this epoch (length n; missing entries false). */
  validatorPermit: boolean[];
  /** MaxAllowedValidators. */
  maxAllowedValidators: number;
  /** Weights rows as stored (u16, row max-upscaled, zero entries kept); length n. */
  weights: SparseRowU16[];
  /** Bonds rows as stored (u16); length n. */
  bonds: SparseRowU16[];
  kappa: number;              // u16
  bondsPenalty: number;       // u16
  bondsMovingAverage: bigint; // u64 (÷1e6)
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;           // u16
  alphaHigh: number;          // u16
  alphaSigmoidSteepness: number; // i16
  /** Commit-reveal enabled: then weights of uid i onto j are masked if firstLiveCommitBlock[i] < blockAtRegistration[j]. */
  commitRevealEnabled: boolean;
  /** Earliest live (unrevealed, unexpired) commit block per uid, or null. Length n. */
  firstLiveCommitBlock: (bigint | null)[];
  /** LastMechansimStepBlock (0 = never). */
  lastMechanismStepBlock: bigint;
  /** Alpha (rao) to distribute in this epoch. */
  emission: bigint;
}

export interface EpochOutput {
  active: boolean[];
  validatorPermit: boolean[];   // P' (new permits)
  incentive: number[];          // u16
  dividends: number[];          // u16
  consensus: number[];          // u16
  validatorTrust: number[];     // u16
  stakeWeight: number[];        // u16 (normalised stake S)
  /** Combined emission per uid in rao (server + validator shares of `emission`). */
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  /** New bonds rows to store (u16; empty row for uids without a new permit). */
  bonds: SparseRowU16[];
}
