// Node-chosen parameters the runtime reads (fixed before the chain starts, like cargo features in subtensor):
// the block time sets Aura.SlotDuration and Timestamp.MinimumPeriod, and fast mode picks subtensor's
// `fast-runtime` defaults (tempo 10, ...).
export interface RuntimeConfig {
  /** Block time in ms: 250 (subtensor's fast-runtime) or 12000 (production). */
  slotDurationMs: number;
  /** subtensor's `fast-runtime` feature: fast-build defaults (DefaultTempo 10, MaxEpochsPerBlock 32, ...). */
  fastRuntime: boolean;
  /**
   * When subnet epochs run: 'stateful' = subtensor HEAD (spec 424+; period tempo, anchored on LastEpochBlock,
   * owner triggers), 'modular' = the classic formula (period tempo + 1, staggered by netuid) older clients assume.
   */
  epochSchedule: 'stateful' | 'modular';
}

export const runtimeConfig: RuntimeConfig = { slotDurationMs: 250, fastRuntime: true, epochSchedule: 'stateful' };

export function configureRuntime(c: Partial<RuntimeConfig>): void {
  Object.assign(runtimeConfig, c);
}
