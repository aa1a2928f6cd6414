// Timelocked weight reveals (HEAD coinbase/reveal_commits.rs, block_step step 3): at the start of each block, the
// commits of epoch `current_epoch_with_lookahead − RevealPeriodEpochs` are decrypted with the stored drand pulse of
// their reveal round and applied as weights. A commit whose pulse is not on chain yet is kept and retried every block
// of the reveal epoch; one that fails to deserialize, decrypt, decode or set weights is dropped without an event
// (HEAD only logs); commits of older epochs are removed.
import * as t from '../../../codec/types.ts';
import { Reader, bytesEqual } from '../../../codec/scale.ts';
import { state } from '../../../frame/externalities.ts';
import { signed } from '../../../frame/dispatch.ts';
import type { AccountId } from '../../../primitives.ts';
import { decodePulseSignature } from '../../../crypto/drand.ts';
import { tlockDecrypt } from '../../../crypto/tlock.ts';
import { Drand } from '../../drand/index.ts';
import { subnetStorage as S } from '../subnets/storage.ts';
import { emit, storageIndex, currentEpochWithLookahead, currentBlock } from '../subnets/helpers.ts';
import { internalSetWeights } from '../subnets/weights.ts';
import { epochsDeferredThisBlock } from './run_coinbase.ts';

/** `WeightsTlockPayload` (what bittensor-drand encrypts) and the legacy form without the hotkey. */
export const WeightsTlockPayload = t.struct(['WeightsTlockPayload'], { hotkey: t.bytes, uids: t.vec(t.u16), values: t.vec(t.u16), version_key: t.u64 });
const LegacyWeightsTlockPayload = t.struct(['LegacyWeightsTlockPayload'], { uids: t.vec(t.u16), values: t.vec(t.u16), version_key: t.u64 });

type Decoded<C> = C extends t.Codec<infer V> ? V : never;
/** parity-scale-codec `decode`: reads a prefix (trailing bytes are allowed), fails on running out of input. */
function decodePrefix<C extends t.Codec<any>>(codec: C, bytes: Uint8Array): Decoded<C> | null {
  try { return codec.decodeFrom(new Reader(bytes)); } catch { return null; }
}

/** The weights a decrypted commit carries, or null where HEAD drops it (undecodable, or a different hotkey). */
export function weightsFromPayload(plaintext: Uint8Array, who: AccountId): { uids: number[]; values: number[]; versionKey: bigint } | null {
  const payload = decodePrefix(WeightsTlockPayload, plaintext);
  if (payload) {
    // T::AccountId::decode(&payload.hotkey): 32 bytes read from the front.
    if (payload.hotkey.length >= 32) {
      if (!bytesEqual(payload.hotkey.subarray(0, 32), who)) return null;
      return { uids: payload.uids, values: payload.values, versionKey: payload.version_key };
    }
  }
  const legacy = decodePrefix(LegacyWeightsTlockPayload, plaintext);
  return legacy && { uids: legacy.uids, values: legacy.values, versionKey: legacy.version_key };
}

/** `reveal_crv3_commits_for_subnet`. */
export function revealTimelockedCommitsForSubnet(netuid: number): void {
  const revealPeriod = S.RevealPeriodEpochs.get(netuid);
  const curEpoch = currentEpochWithLookahead(netuid);
  const revealEpoch = curEpoch > revealPeriod ? curEpoch - revealPeriod : 0n;
  const mechanisms = S.MechanismCountCurrent.get(netuid);
  for (let mecid = 0; mecid < mechanisms; mecid++) {
    const idx = storageIndex(netuid, mecid);
    for (const [epoch] of S.TimelockedWeightCommits.iterPrefix(idx)) {
      if (epoch < revealEpoch) S.TimelockedWeightCommits.remove(idx, epoch);
    }
    // HEAD returns here (for every later mechanism too) while the subnet is younger than the reveal period.
    if (curEpoch < revealPeriod) return;
    const entries = S.TimelockedWeightCommits.take(idx, revealEpoch);
    const unrevealed: typeof entries = [];
    for (const entry of entries) {
      const [who, , commit, round] = entry;
      const pulse = Drand.storage.Pulses.get(round);
      if (!pulse) { unrevealed.push(entry); continue; }
      const sig = decodePulseSignature(pulse.signature);
      const plaintext = sig && tlockDecrypt(commit, sig);
      const weights = plaintext && weightsFromPayload(plaintext, who);
      if (!weights) continue;
      try {
        state().transactional(() => internalSetWeights(signed(who), netuid, mecid, weights.uids, weights.values, weights.versionKey));
      } catch {
        continue; // do_set_mechanism_weights failed: logged and dropped at HEAD
      }
      emit('TimelockedWeightsRevealed', [idx, who]);
    }
    if (unrevealed.length > 0) S.TimelockedWeightCommits.set(idx, revealEpoch, unrevealed);
  }
}

/** `reveal_crv3_commits`: every non-root subnet, except those whose due epoch the per-block cap defers. */
export function revealTimelockedCommits(subnets: number[]): void {
  const nonRoot = subnets.filter(n => n !== 0);
  const deferred = epochsDeferredThisBlock(nonRoot, currentBlock());
  for (const netuid of nonRoot) if (!deferred.has(netuid)) revealTimelockedCommitsForSubnet(netuid);
}
