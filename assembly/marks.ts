// Step boundaries reported to the host, so that a benchmark can time each step of one epoch: the
// module calls env.epochMark(step) when `step` ends (0 at the start). The default host function does
// nothing (runtime/pallets/subtensor/epoch/wasm.ts); a call costs tens of nanoseconds, 9 per epoch.

// @ts-ignore: decorator
@external("env", "epochMark")
export declare function epochMark(step: i32): void;

export const STEP_START = 0;
/** Steps 1–5: activity, stake, permits, active stake (steps/stake.ts). */
export const STEP_STAKE = 1;
/** Step 6: weights masks + row normalisation (steps/weights.ts). */
export const STEP_WEIGHTS = 2;
/** Step 7: consensus (steps/consensus.ts). */
export const STEP_CONSENSUS = 3;
/** Steps 8–10: clip, validator trust, incentive (steps/incentive.ts). */
export const STEP_INCENTIVE = 4;
/** Steps 11–12 up to the EMA: weights for bonds, bonds mask, stored bonds read (steps/bonds*.ts). */
export const STEP_BONDS_READ = 5;
/** Step 12: the bonds EMA. */
export const STEP_BONDS_EMA = 6;
/** Step 12: dividends and the bonds to store. */
export const STEP_DIVIDENDS = 7;
/** Steps 13–14: emission split and u16 outputs (steps/emission.ts). */
export const STEP_EMISSION = 8;
export const STEP_COUNT = 9;
